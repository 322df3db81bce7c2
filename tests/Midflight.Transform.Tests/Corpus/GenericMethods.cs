// points: R
// Generic methods on the path, with a type parameter's value in the frame.
namespace Corpus;

public sealed class GenericMethods : Midflight.Module
{
    protected override void Run()
    {
        var strings = Twice("ab");
        var numbers = Twice(21);
        var list = Twice(new List<int> { 1, 2 });
        Print($"{strings} {numbers} {list.Count}");
    }

    private T Twice<T>(T value)
    {
        var first = Once(value, 1);
        var second = Once(first, 2);
        return second;
    }

    private T Once<T>(T value, int round)
    {
    R:
        Print($"{typeof(T).Name} {value} round {round}");
        return value;
    }
}
