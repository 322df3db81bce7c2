// points: R, S, T, U
// Iterative binary searches of a library: lower and upper bound over an IComparer<T>, the first
// index of a false/true partitioned list, and an integer square root; stops inside each halving loop.
namespace Corpus;

public sealed class BinarySearchIterative : Midflight.Module
{
    protected override void Run()
    {
        int[] sorted = [1, 2, 2, 2, 5, 8, 8, 13, 21, 21, 21, 34];
        foreach (var key in new[] { 2, 8, 21, 4, 40 })
        {
            var lower = LowerBound(sorted, key, Comparer<int>.Default);
            var upper = UpperBound(sorted, key, Comparer<int>.Default);
            Print($"{key}: [{lower}, {upper}) count {upper - lower}");
        }

        var builds = Enumerable.Range(0, 50).Select(v => v >= 37).ToArray();
        var firstBad = PartitionPoint(builds);
        Print($"first bad build {firstBad}");

        foreach (var n in new long[] { 0, 15, 16, 1_000_000, 999_999_999_999 })
        {
            Print($"isqrt({n}) = {ISqrt(n)}");
        }
    }

    public int LowerBound<T>(IReadOnlyList<T> a, T key, IComparer<T> comparer)
    {
        int lo = 0, hi = a.Count;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
        R:
            if (comparer.Compare(a[mid], key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    public int UpperBound<T>(IReadOnlyList<T> a, T key, IComparer<T> comparer)
    {
        int lo = 0, hi = a.Count;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
        S:
            if (comparer.Compare(a[mid], key) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    public int PartitionPoint(IReadOnlyList<bool> flags)
    {
        int lo = 0, hi = flags.Count;
        while (true)
        {
            if (lo >= hi)
            {
                return lo;
            }
            var mid = lo + (hi - lo) / 2;
        T:
            if (flags[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
    }

    public long ISqrt(long n)
    {
        long lo = 0, hi = Math.Min(n, 3_037_000_499L);
        while (lo < hi)
        {
            var mid = lo + (hi - lo + 1) / 2;
        U:
            if (mid * mid <= n)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
