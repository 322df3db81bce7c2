// points: R
// A prepared method called from a lambda runs unprepared there (its frame could not be captured);
// called directly, it is on the path.
namespace Corpus;

public sealed class LambdaOffPath : Midflight.Module
{
    protected override void Run()
    {
        var values = new[] { 1, 2, 3, 4 };
        var doubled = values.Select(v => Twice(v)).ToArray();
        Print($"doubled {string.Join(",", doubled)}");
        foreach (var value in doubled)
        {
            var again = Twice(value);
            Print($"again {again}");
        }
    }

    private int Twice(int value)
    {
    R:
        Print($"twice {value}");
        return value * 2;
    }
}
