// points: R, S
// Lomuto quicksort, generic over IComparable<T>, as a textbook library writes it; stops inside the
// partition loop (R) and before each pair of recursive calls (S).
namespace Corpus;

public sealed class QuickSortLomuto : Midflight.Module
{
    private int _swaps;

    protected override void Run()
    {
        int[] numbers = [38, 27, 43, 3, 9, 82, 10, 3, 55, 21, 64, 17];
        Sort(numbers);
        Print($"ints: {string.Join(" ", numbers)} ({_swaps} swaps)");

        _swaps = 0;
        string[] words = ["pear", "apple", "fig", "kiwi", "banana", "cherry", "date"];
        Sort(words);
        Print($"words: {string.Join(" ", words)} ({_swaps} swaps)");
    }

    public void Sort<T>(T[] items) where T : IComparable<T> => Sort(items, 0, items.Length - 1);

    private void Sort<T>(T[] a, int lo, int hi) where T : IComparable<T>
    {
        if (lo >= hi)
        {
            return;
        }
        var p = Partition(a, lo, hi);
        Print($"pivot {a[p]} lands at {p} in [{lo}..{hi}]");
    S:
        Sort(a, lo, p - 1);
        Sort(a, p + 1, hi);
    }

    private int Partition<T>(T[] a, int lo, int hi) where T : IComparable<T>
    {
        var pivot = a[hi];
        var i = lo;
        for (var j = lo; j < hi; j++)
        {
        R:
            if (a[j].CompareTo(pivot) < 0)
            {
                Swap(a, i, j);
                i++;
            }
        }
        Swap(a, i, hi);
        return i;
    }

    private void Swap<T>(T[] a, int i, int j)
    {
        if (i == j)
        {
            return;
        }
        (a[i], a[j]) = (a[j], a[i]);
        _swaps++;
    }
}
