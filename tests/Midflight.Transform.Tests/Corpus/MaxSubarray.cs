// points: R, S
// Maximum-sum contiguous subarray two ways: the divide-and-conquer of CLRS returning an IndexRange
// and sum as a tuple (R), and Kadane's linear scan (S); the two must agree.
using CorpusLibrary;

namespace Corpus;

public sealed class MaxSubarray : Midflight.Module
{
    protected override void Run()
    {
        int[][] inputs =
        [
            [13, -3, -25, 20, -3, -16, -23, 18, 20, -7, 12, -5, -22, 15, -4, 7],
            [-2, 1, -3, 4, -1, 2, 1, -5, 4],
            [-8, -3, -6, -2, -5, -4],
            [5, 4, -1, 7, 8],
        ];
        foreach (var a in inputs)
        {
            var (range, sum) = Best(a, 0, a.Length - 1);
            var kadane = Kadane(a);
            Print($"{string.Join(",", a)}: {range} sum {sum}; kadane {kadane.Range} sum {kadane.Sum}");
        }
    }

    private static (IndexRange Range, long Sum) Crossing(int[] a, int lo, int mid, int hi)
    {
        long leftSum = long.MinValue, sum = 0;
        var maxLeft = mid;
        for (var i = mid; i >= lo; i--)
        {
            sum += a[i];
            if (sum > leftSum)
            {
                (leftSum, maxLeft) = (sum, i);
            }
        }
        long rightSum = long.MinValue;
        sum = 0;
        var maxRight = mid + 1;
        for (var j = mid + 1; j <= hi; j++)
        {
            sum += a[j];
            if (sum > rightSum)
            {
                (rightSum, maxRight) = (sum, j);
            }
        }
        return (new IndexRange(maxLeft, maxRight), leftSum + rightSum);
    }

    public (IndexRange Range, long Sum) Best(int[] a, int lo, int hi)
    {
        if (lo == hi)
        {
            return (new IndexRange(lo, hi), a[lo]);
        }
        var mid = (lo + hi) / 2;
    R:
        var left = Best(a, lo, mid);
        var right = Best(a, mid + 1, hi);
        var cross = Crossing(a, lo, mid, hi);
        if (hi - lo + 1 == a.Length || hi - lo >= 7)
        {
            Print($"  [{lo}..{hi}]: left {left.Sum} right {right.Sum} cross {cross.Sum}");
        }
        if (left.Sum >= right.Sum && left.Sum >= cross.Sum)
        {
            return left;
        }
        return right.Sum >= cross.Sum ? right : cross;
    }

    public (IndexRange Range, long Sum) Kadane(int[] a)
    {
        var best = (Range: new IndexRange(0, 0), Sum: (long)a[0]);
        long current = 0;
        var start = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (current <= 0)
            {
                (current, start) = (a[i], i);
            }
            else
            {
                current += a[i];
            }
        S:
            if (current > best.Sum)
            {
                best = (new IndexRange(start, i), current);
            }
        }
        return best;
    }
}
