// points: R
// Recursive binary search returning int? (null when absent), halving by a conditional whose two arms
// both recurse; stops at each probe.
namespace Corpus;

public sealed class BinarySearchRecursive : Midflight.Module
{
    private readonly int[] _primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71];

    protected override void Run()
    {
        int[] keys = [2, 71, 37, 38, 1, 100];
        foreach (var key in keys)
        {
            int? index = IndexOf(_primes, key);
            Print(index is { } at ? $"{key} found at {at}" : $"{key} not found");
        }
        var words = new[] { "ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen" };
        var hen = IndexOf(words, "hen");
        Print($"hen at {hen}, owl at {IndexOf(words, "owl")?.ToString() ?? "-"}");
    }

    public int? IndexOf<T>(T[] sorted, T key) where T : IComparable<T> => Find(sorted, key, 0, sorted.Length - 1);

    private int? Find<T>(T[] a, T key, int lo, int hi) where T : IComparable<T>
    {
        if (lo > hi)
        {
            return null;
        }
        var mid = lo + (hi - lo) / 2;
        var order = key.CompareTo(a[mid]);
    R:
        Print($"  probe [{lo}..{hi}] mid {mid} = {a[mid]}");
        if (order == 0)
        {
            return mid;
        }
        return order < 0 ? Find(a, key, lo, mid - 1) : Find(a, key, mid + 1, hi);
    }
}
