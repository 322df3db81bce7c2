// points: R
// do / while around a call on the path.
namespace Corpus;

public sealed class DoWhile : Midflight.Module
{
    protected override void Run()
    {
        var n = 27;
        var steps = 0;
        do
        {
            n = Next(n);
            steps++;
        }
        while (n != 1 && steps < 12);
        Print($"stopped at {n} after {steps}");
    }

    private int Next(int n)
    {
        var next = n % 2 == 0 ? n / 2 : 3 * n + 1;
    R:
        Print($"{n} -> {next}");
        return next;
    }
}
