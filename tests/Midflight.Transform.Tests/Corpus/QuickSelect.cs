// points: R, S
// Quickselect for the k-th smallest with a three-way (Dijkstra) partition and pivots from a small
// linear congruential generator, iterating instead of recursing; stops in the partition scan (R) and
// after each narrowing (S).
namespace Corpus;

public struct QuickSelectLcg(uint seed)
{
    private uint _state = seed;

    public int Next(int bound)
    {
        _state = _state * 1664525u + 1013904223u;
        return (int)((_state >> 8) % (uint)bound);
    }
}

public sealed class QuickSelect : Midflight.Module
{
    private QuickSelectLcg _random = new(2024);

    protected override void Run()
    {
        var latencies = Enumerable.Range(0, 25).Select(i => (i * 37 + 11) % 50 + i % 3).ToArray();
        var expected = latencies.Order().ToArray();
        foreach (var percentile in new[] { 50, 90, 10 })
        {
            var k = (latencies.Length - 1) * percentile / 100;
            var value = Select(latencies, k);
            Print($"p{percentile}: k={k} value={value} (check {expected[k]})");
        }
    }

    public int Select(int[] a, int k)
    {
        var lo = 0;
        var hi = a.Length - 1;
        while (true)
        {
            if (lo == hi)
            {
                return a[lo];
            }
            var (lt, gt) = Partition(a, lo, hi);
        S:
            Print($"  [{lo}..{hi}] pivot {a[lt]} occupies [{lt}..{gt}]");
            if (k < lt)
            {
                hi = lt - 1;
            }
            else if (k > gt)
            {
                lo = gt + 1;
            }
            else
            {
                return a[lt];
            }
        }
    }

    private (int Lt, int Gt) Partition(int[] a, int lo, int hi)
    {
        var pivot = a[lo + _random.Next(hi - lo + 1)];
        int lt = lo, i = lo, gt = hi;
        while (i <= gt)
        {
        R:
            switch (a[i].CompareTo(pivot))
            {
                case < 0:
                    (a[lt], a[i]) = (a[i], a[lt]);
                    lt++;
                    i++;
                    break;
                case > 0:
                    (a[gt], a[i]) = (a[i], a[gt]);
                    gt--;
                    break;
                default:
                    i++;
                    break;
            }
        }
        return (lt, gt);
    }
}
