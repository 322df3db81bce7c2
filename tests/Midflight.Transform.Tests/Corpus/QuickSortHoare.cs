// points: R
// Hoare-partition quicksort over an IComparer<T>, recursing into the smaller side and looping on the
// larger one as library sorts do to bound the stack; stops where the two scans swap.
namespace Corpus;

public sealed record HoarePerson(string Name, int Age);

public sealed class HoareByAgeThenName : IComparer<HoarePerson>
{
    public int Compare(HoarePerson? x, HoarePerson? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        var byAge = x.Age.CompareTo(y.Age);
        return byAge != 0 ? byAge : string.CompareOrdinal(x.Name, y.Name);
    }
}

public sealed class QuickSortHoare : Midflight.Module
{
    protected override void Run()
    {
        HoarePerson[] people =
        [
            new("Mara", 41), new("Ivo", 23), new("Lena", 35), new("Ada", 23), new("Tom", 58),
            new("Zoe", 19), new("Bert", 35), new("Cleo", 30), new("Nils", 41), new("Ona", 27),
        ];
        Sort(people, new HoareByAgeThenName());
        Print("people: " + string.Join(", ", people.Select(p => $"{p.Name}/{p.Age}")));

        string[] tags = ["delta", "Alpha", "charlie", "Bravo", "echo", "foxtrot", "Golf", "hotel"];
        Sort(tags, StringComparer.OrdinalIgnoreCase);
        Print("tags: " + string.Join(" ", tags));

        int[] readings = [7, 7, 2, 9, 2, 7, 1, 9, 4, 7, 3];
        Sort(readings, Comparer<int>.Default);
        Print("readings: " + string.Join(" ", readings));
    }

    public void Sort<T>(T[] items, IComparer<T> comparer)
    {
        if (items.Length < 2)
        {
            return;
        }
        Sort(items, 0, items.Length - 1, comparer);
    }

    private void Sort<T>(T[] a, int lo, int hi, IComparer<T> comparer)
    {
        while (lo < hi)
        {
            var p = Partition(a, lo, hi, comparer);
            Print($"split [{lo}..{hi}] after {p}");
            if (p - lo < hi - p)
            {
                Sort(a, lo, p, comparer);
                lo = p + 1;
            }
            else
            {
                Sort(a, p + 1, hi, comparer);
                hi = p;
            }
        }
    }

    private int Partition<T>(T[] a, int lo, int hi, IComparer<T> comparer)
    {
        var pivot = a[lo + (hi - lo) / 2];
        var i = lo - 1;
        var j = hi + 1;
        while (true)
        {
            do
            {
                i++;
            }
            while (comparer.Compare(a[i], pivot) < 0);
            do
            {
                j--;
            }
            while (comparer.Compare(a[j], pivot) > 0);
            if (i >= j)
            {
                return j;
            }
        R:
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
