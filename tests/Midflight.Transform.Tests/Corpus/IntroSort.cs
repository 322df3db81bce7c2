// points: R, S
// Introsort as runtime libraries write it: quicksort with median-of-three pivots that loops on one
// side and recurses on the other, insertion sort for short ranges, and a heap sort fallback once the
// depth budget runs out; the recursion depth is tracked in try/finally. Stops after each partition
// (R) and in the fallback's sift-down (S).
namespace Corpus;

public sealed class IntroSort : Midflight.Module
{
    private const int InsertionThreshold = 6;
    private int _depth;
    private int _maxDepth;
    private int _fallbacks;

    protected override void Run()
    {
        uint seed = 12345;
        var data = new int[48];
        for (var i = 0; i < data.Length; i++)
        {
            seed = seed * 1103515245 + 12345;
            data[i] = (int)(seed >> 16) % 1000;
        }
        var copy = (int[])data.Clone();

        Sort(data, 2 * (int)Math.Log2(data.Length));
        Print($"sorted {IsSorted(data)}: {string.Join(" ", data.Take(8))} ... {string.Join(" ", data.TakeLast(4))}; max depth {_maxDepth}, {_fallbacks} heap fallbacks");

        (_maxDepth, _fallbacks) = (0, 0);
        Sort(copy, 1);
        Print($"budget 1, sorted {IsSorted(copy)}: max depth {_maxDepth}, {_fallbacks} heap fallbacks, same as before {copy.SequenceEqual(data)}");
    }

    private static bool IsSorted(int[] a) => a.Zip(a.Skip(1)).All(p => p.First <= p.Second);

    public void Sort(int[] a, int depthLimit)
    {
        Sort(a, 0, a.Length - 1, depthLimit);
    }

    private void Sort(int[] a, int lo, int hi, int depthLimit)
    {
        _depth++;
        _maxDepth = Math.Max(_maxDepth, _depth);
        try
        {
            while (hi - lo + 1 > InsertionThreshold)
            {
                if (depthLimit == 0)
                {
                    _fallbacks++;
                    HeapSortRange(a, lo, hi);
                    Print($"depth budget spent: heap sorted [{lo}..{hi}]");
                    return;
                }
                depthLimit--;
                var p = Partition(a, lo, hi);
            R:
                Print($"depth {_depth}: [{lo}..{hi}] split at {p}");
                Sort(a, p + 1, hi, depthLimit);
                hi = p;
            }
            InsertionSort(a, lo, hi);
        }
        finally
        {
            _depth--;
        }
    }

    private static int Partition(int[] a, int lo, int hi)
    {
        var mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo])
        {
            (a[mid], a[lo]) = (a[lo], a[mid]);
        }
        if (a[hi] < a[lo])
        {
            (a[hi], a[lo]) = (a[lo], a[hi]);
        }
        if (a[hi] < a[mid])
        {
            (a[hi], a[mid]) = (a[mid], a[hi]);
        }
        var pivot = a[mid];
        int i = lo - 1, j = hi + 1;
        while (true)
        {
            do
            {
                i++;
            }
            while (a[i] < pivot);
            do
            {
                j--;
            }
            while (a[j] > pivot);
            if (i >= j)
            {
                return j;
            }
            (a[i], a[j]) = (a[j], a[i]);
        }
    }

    private static void InsertionSort(int[] a, int lo, int hi)
    {
        for (var i = lo + 1; i <= hi; i++)
        {
            var value = a[i];
            var j = i - 1;
            while (j >= lo && a[j] > value)
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = value;
        }
    }

    private void HeapSortRange(int[] a, int lo, int hi)
    {
        var n = hi - lo + 1;
        for (var k = n / 2 - 1; k >= 0; k--)
        {
            SiftDown(a, lo, k, n);
        }
        for (var end = n - 1; end > 0; end--)
        {
            (a[lo], a[lo + end]) = (a[lo + end], a[lo]);
            SiftDown(a, lo, 0, end);
        }
    }

    private void SiftDown(int[] a, int offset, int root, int size)
    {
        while (2 * root + 1 < size)
        {
            var child = 2 * root + 1;
            if (child + 1 < size && a[offset + child + 1] > a[offset + child])
            {
                child++;
            }
            if (a[offset + root] >= a[offset + child])
            {
                return;
            }
        S:
            (a[offset + root], a[offset + child]) = (a[offset + child], a[offset + root]);
            root = child;
        }
    }
}
