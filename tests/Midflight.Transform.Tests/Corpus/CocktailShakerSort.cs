// points: R, S
// Cocktail shaker sort: bubble passes forwards and backwards, shrinking the unsorted window through
// ref bounds, driven by "while (Pass(...))" so the pass on the path is the loop condition. Stops in
// the forward (R) and backward (S) sweeps.
namespace Corpus;

public sealed class CocktailShakerSort : Midflight.Module
{
    private int _comparisons;

    protected override void Run()
    {
        int[] numbers = [5, 1, 4, 2, 8, 0, 2, 9, 7, 3, 6, 1];
        Sort(numbers);
        Print($"numbers: {string.Join(" ", numbers)} after {_comparisons} comparisons");

        _comparisons = 0;
        var letters = "midflight".ToCharArray();
        Sort(letters);
        Print($"letters: {new string(letters)} after {_comparisons} comparisons");

        _comparisons = 0;
        var reversed = Enumerable.Range(1, 9).Reverse().ToArray();
        Sort(reversed);
        Print($"reversed: {string.Join(" ", reversed)} after {_comparisons} comparisons");

        _comparisons = 0;
        int[] sorted = [1, 2, 3, 4, 5, 6, 7, 8];
        Sort(sorted);
        Print($"already sorted: {_comparisons} comparisons");
    }

    public void Sort<T>(T[] a) where T : IComparable<T>
    {
        int lo = 0, hi = a.Length - 1;
        var pass = 0;
        while (Pass(a, ref lo, ref hi))
        {
            pass++;
            Print($"  pass {pass}: {string.Join(" ", a)}, unsorted [{lo}..{hi}]");
        }
    }

    private bool Pass<T>(T[] a, ref int lo, ref int hi) where T : IComparable<T>
    {
        if (lo >= hi)
        {
            return false;
        }
        var swapped = false;
        var last = lo;
        for (var i = lo; i < hi; i++)
        {
            _comparisons++;
        R:
            if (a[i].CompareTo(a[i + 1]) > 0)
            {
                (a[i], a[i + 1]) = (a[i + 1], a[i]);
                swapped = true;
                last = i;
            }
        }
        hi = last;
        last = hi;
        for (var i = hi; i > lo; i--)
        {
            _comparisons++;
        S:
            if (a[i - 1].CompareTo(a[i]) > 0)
            {
                (a[i - 1], a[i]) = (a[i], a[i - 1]);
                swapped = true;
                last = i;
            }
        }
        lo = last;
        return swapped;
    }
}
