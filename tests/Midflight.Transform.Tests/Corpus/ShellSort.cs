// points: R, S, R2
// Shell sort over Ciura's gap sequence, and the insertion sort it ends in, in a module class split
// into two partial declarations; stops in the gapped insertion loop (R), after each gap pass (S) and after each insertion (R2).
namespace Corpus;

public sealed partial class ShellSort : Midflight.Module
{
    private static readonly int[] CiuraGaps = [701, 301, 132, 57, 23, 10, 4, 1];

    protected override void Run()
    {
        var data = Enumerable.Range(1, 30).Select(i => (i * 41 + 7) % 97).ToArray();
        Sort(data);
        Print($"shell sorted: {string.Join(" ", data)}");
        Print($"moves {_moves}, in order {data.Zip(data.Skip(1)).All(p => p.First <= p.Second)}");

        var names = new List<string> { "Oslo", "Bern", "Rome", "Kyiv", "Lima", "Doha", "Baku", "Apia" };
        InsertionSort(names, StringComparer.Ordinal);
        Print($"insertion sorted: {string.Join(" ", names)}");
    }

    public void Sort(int[] a)
    {
        var gaps = CiuraGaps.Where(g => g < a.Length).ToArray();
        foreach (var gap in gaps)
        {
            for (var i = gap; i < a.Length; i++)
            {
                var value = a[i];
                var j = i;
                while (j >= gap && a[j - gap] > value)
                {
                R:
                    a[j] = a[j - gap];
                    j -= gap;
                    _moves++;
                }
                a[j] = value;
            }
        S:
            Print($"gap {gap}: {string.Join(" ", a.Take(12))} ...");
        }
    }
}

public sealed partial class ShellSort
{
    private int _moves;

    public void InsertionSort<T>(List<T> items, IComparer<T> comparer)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var current = items[i];
            var j = i - 1;
            while (j >= 0 && comparer.Compare(items[j], current) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = current;
        R2:
            Print($"insert {current} at {j + 1}");
        }
    }
}
