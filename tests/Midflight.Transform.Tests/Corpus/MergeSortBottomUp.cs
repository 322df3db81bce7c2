// points: R, S
// Bottom-up merge sort: runs of width 1, 2, 4, ... merged between two buffers that trade places
// after each pass; stops at the start of each run merge (R) and in the merge loop (S).
namespace Corpus;

public sealed class MergeSortBottomUp : Midflight.Module
{
    protected override void Run()
    {
        var words = "the quick brown fox jumps over a lazy dog while seven tired owls hoot at midnight".Split(' ');
        var byLength = Comparer<string>.Create((x, y) => x.Length != y.Length ? x.Length.CompareTo(y.Length) : string.CompareOrdinal(x, y));
        var sortedWords = Sort(words, byLength);
        Print("words: " + string.Join(" ", sortedWords));

        var numbers = Enumerable.Range(0, 20).Select(i => (i * 17 + 5) % 23).ToArray();
        var sortedNumbers = Sort(numbers, Comparer<int>.Default);
        Print("numbers: " + string.Join(" ", sortedNumbers));
    }

    public T[] Sort<T>(T[] items, IComparer<T> comparer)
    {
        var src = (T[])items.Clone();
        var dst = new T[src.Length];
        var n = src.Length;
        for (var width = 1; width < n; width *= 2)
        {
            for (var lo = 0; lo < n; lo += 2 * width)
            {
                var mid = Math.Min(lo + width, n);
                var hi = Math.Min(lo + 2 * width, n);
            R:
                Merge(src, dst, lo, mid, hi, comparer);
            }
            (src, dst) = (dst, src);
            Print($"width {width}: {string.Join(" ", src)}");
        }
        return src;
    }

    private static void Copy<T>(T[] from, T[] to, int start, int end) => Array.Copy(from, start, to, start, end - start);

    private void Merge<T>(T[] src, T[] dst, int lo, int mid, int hi, IComparer<T> comparer)
    {
        if (mid >= hi)
        {
            Copy(src, dst, lo, hi);
            return;
        }
        int i = lo, j = mid;
        for (var k = lo; k < hi; k++)
        {
        S:
            if (i < mid && (j >= hi || comparer.Compare(src[i], src[j]) <= 0))
            {
                dst[k] = src[i++];
            }
            else
            {
                dst[k] = src[j++];
            }
        }
    }
}
