// points: R, S
// In-place heap sort: bottom-up heapify, then repeatedly swap the maximum to the end and sift the
// new root down; stops in the sift-down loop (R) and after each extraction (S).
namespace Corpus;

public struct HeapJob : IComparable<HeapJob>
{
    public string Name;
    public int Priority;

    public HeapJob(string name, int priority)
    {
        Name = name;
        Priority = priority;
    }

    public readonly int CompareTo(HeapJob other) => Priority != other.Priority ? Priority.CompareTo(other.Priority) : string.CompareOrdinal(Name, other.Name);

    public override readonly string ToString() => $"{Name}({Priority})";
}

public sealed class HeapSort : Midflight.Module
{
    private int _sifts;

    protected override void Run()
    {
        HeapJob[] jobs =
        [
            new("backup", 3), new("deploy", 9), new("email", 1), new("index", 6), new("compact", 6),
            new("report", 4), new("rotate", 2), new("scan", 8),
        ];
        Sort(jobs);
        Print($"jobs by priority: {string.Join(" ", jobs)}");

        int[] values = [14, 3, 27, 8, 19, 1, 22];
        Sort(values);
        Print($"values: {string.Join(" ", values)}; {_sifts} sift steps in all");
    }

    public void Sort<T>(T[] a) where T : IComparable<T>
    {
        var n = a.Length;
        for (var k = n / 2 - 1; k >= 0; k--)
        {
            SiftDown(a, k, n);
        }
        Print($"heap: {string.Join(" ", a)}");
        for (var end = n - 1; end > 0; end--)
        {
            (a[0], a[end]) = (a[end], a[0]);
            SiftDown(a, 0, end);
        S:
            Print($"placed {a[end]} at {end}");
        }
    }

    private void SiftDown<T>(T[] a, int root, int size) where T : IComparable<T>
    {
        while (true)
        {
            var child = 2 * root + 1;
            if (child >= size)
            {
                return;
            }
            if (child + 1 < size && a[child + 1].CompareTo(a[child]) > 0)
            {
                child++;
            }
            if (a[root].CompareTo(a[child]) >= 0)
            {
                return;
            }
        R:
            (a[root], a[child]) = (a[child], a[root]);
            _sifts++;
            root = child;
        }
    }
}
