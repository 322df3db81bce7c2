// points: R
// Collatz stopping times by memoised recursion over a Dictionary<long, int>, tracking the longest
// chain with a nullable start; stops inside the recursion.
namespace Corpus;

public sealed class CollatzSteps : Midflight.Module
{
    private readonly Dictionary<long, int> _steps = new() { [1] = 0 };
    private long _peak;

    protected override void Run()
    {
        int? bestStart = null;
        var bestSteps = -1;
        for (var start = 1; start <= 1000; start++)
        {
            var steps = Steps(start);
            if (steps > bestSteps)
            {
                (bestStart, bestSteps) = (start, steps);
            }
            if (start % 100 == 0)
            {
                Print($"up to {start}: longest from {bestStart} ({bestSteps} steps), peak {_peak}, {_steps.Count} cached");
            }
        }
        Print($"27 takes {Steps(27)} steps; 97 takes {Steps(97)}; 871 takes {Steps(871)}");
    }

    public int Steps(long n)
    {
        if (_steps.TryGetValue(n, out var known))
        {
            return known;
        }
        _peak = Math.Max(_peak, n);
        var next = n % 2 == 0 ? n / 2 : 3 * n + 1;
    R:
        var rest = Steps(next);
        _steps[n] = rest + 1;
        return rest + 1;
    }
}
