// points: R, S
// Integer partitions: every partition of n listed in non-increasing order by recursion over a shared
// List<int> (R), and the partition numbers p(n) by memoised recursion on (n, largest part) (S).
namespace Corpus;

public sealed class IntegerPartitions : Midflight.Module
{
    private readonly Dictionary<(int N, int Max), long> _counts = [];
    private int _listed;

    protected override void Run()
    {
        var parts = new List<int>();
        Generate(6, 6, parts);
        Print($"{_listed} partitions of 6");

        foreach (var n in new[] { 5, 10, 20, 50, 100 })
        {
            var p = Count(n, n);
            Print($"p({n}) = {p}");
        }
        Print($"{_counts.Count} subproblems cached");
    }

    private void Generate(int remaining, int largest, List<int> parts)
    {
        if (remaining == 0)
        {
            _listed++;
            Print($"6 = {string.Join(" + ", parts)}");
            return;
        }
        for (var part = Math.Min(remaining, largest); part >= 1; part--)
        {
            parts.Add(part);
        R:
            Generate(remaining - part, part, parts);
            parts.RemoveAt(parts.Count - 1);
        }
    }

    public long Count(int n, int max)
    {
        if (n == 0)
        {
            return 1;
        }
        if (n < 0 || max == 0)
        {
            return 0;
        }
        if (_counts.TryGetValue((n, max), out var cached))
        {
            return cached;
        }
    S:
        var usingMax = Count(n - max, max);
        var withoutMax = Count(n, max - 1);
        _counts[(n, max)] = usingMax + withoutMax;
        return usingMax + withoutMax;
    }
}
