// points: R
// Expression-bodied methods on the path.
namespace Corpus;

public sealed class ExpressionBodied : Midflight.Module
{
    protected override void Run()
    {
        for (var i = 0; i < 4; i++)
        {
            var value = Outer(i);
            Print($"{i}: {value}");
        }
    }

    private int Outer(int i) => Inner(i + 1);

    private int Inner(int i)
    {
    R:
        Print($"inner {i}");
        return i * i;
    }
}
