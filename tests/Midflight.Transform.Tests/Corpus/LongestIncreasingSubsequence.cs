// points: R, S
// Longest increasing subsequence in O(n log n) by patience sorting: pile tops searched by binary
// search (R) with back pointers to rebuild the sequence; generic over IComparer<T>, so the longest
// decreasing one comes from a ReverseComparer. Stops after each element is placed (S).
using CorpusLibrary;

namespace Corpus;

public sealed class LongestIncreasingSubsequence : Midflight.Module
{
    protected override void Run()
    {
        int[] prices = [10, 9, 2, 5, 3, 7, 101, 18, 4, 8, 6, 12];
        var up = Longest(prices, Comparer<int>.Default);
        Print($"increasing: {string.Join(" ", up)} (length {up.Count})");

        var down = Longest(prices, new ReverseComparer<int>(Comparer<int>.Default));
        Print($"decreasing: {string.Join(" ", down)} (length {down.Count})");

        string[] versions = ["1.2", "1.0", "1.4", "1.1", "2.0", "1.3", "2.1"];
        var chain = Longest(versions, StringComparer.Ordinal);
        Print($"versions: {string.Join(" < ", chain)}");
    }

    public List<T> Longest<T>(IReadOnlyList<T> items, IComparer<T> comparer)
    {
        var tails = new List<int>();
        var parent = new int[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            int lo = 0, hi = tails.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
            R:
                if (comparer.Compare(items[tails[mid]], items[i]) < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            parent[i] = lo > 0 ? tails[lo - 1] : -1;
            if (lo == tails.Count)
            {
                tails.Add(i);
            }
            else
            {
                tails[lo] = i;
            }
            if (i % 3 == 2)
            {
            S:
                Print($"  after {items[i]}: piles {string.Join(" ", tails.Select(t => items[t]))}");
            }
        }
        var sequence = new List<T>();
        for (var k = tails.Count > 0 ? tails[^1] : -1; k >= 0; k = parent[k])
        {
            sequence.Add(items[k]);
        }
        sequence.Reverse();
        return sequence;
    }
}
