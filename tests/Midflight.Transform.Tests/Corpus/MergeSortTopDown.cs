// points: R, S
// Top-down recursive merge sort with one auxiliary array, counting inversions on the way; stops in
// the merge loop (R) and between the two recursive halves (S).
namespace Corpus;

public readonly record struct MergeScore(string Player, int Points) : IComparable<MergeScore>
{
    public int CompareTo(MergeScore other) => other.Points.CompareTo(Points);

    public override string ToString() => $"{Player}:{Points}";
}

public sealed class MergeSortTopDown : Midflight.Module
{
    private long _inversions;

    protected override void Run()
    {
        int[] data = [5, 1, 4, 2, 8, 7, 3, 6, 9, 0, 11, 10];
        var sorted = Sort(data);
        Print($"sorted {string.Join(" ", sorted)}, {_inversions} inversions, input kept {string.Join(" ", data.Take(3))}...");

        _inversions = 0;
        MergeScore[] board = [new("kim", 30), new("lou", 50), new("max", 30), new("ned", 80), new("oli", 50), new("pat", 10)];
        var ranked = Sort(board);
        Print($"ranked {string.Join(" ", ranked)} (stable: kim before max = {Array.IndexOf(ranked, board[0]) < Array.IndexOf(ranked, board[2])})");
    }

    public T[] Sort<T>(T[] items) where T : IComparable<T>
    {
        var a = (T[])items.Clone();
        var aux = new T[a.Length];
        Sort(a, aux, 0, a.Length - 1);
        return a;
    }

    private void Sort<T>(T[] a, T[] aux, int lo, int hi) where T : IComparable<T>
    {
        if (hi <= lo)
        {
            return;
        }
        var mid = lo + (hi - lo) / 2;
        Sort(a, aux, lo, mid);
    S:
        Sort(a, aux, mid + 1, hi);
        if (a[mid].CompareTo(a[mid + 1]) <= 0)
        {
            Print($"[{lo}..{hi}] already in order");
            return;
        }
        Merge(a, aux, lo, mid, hi);
        Print($"merged [{lo}..{hi}]: {string.Join(",", a[lo..(hi + 1)])}");
    }

    private void Merge<T>(T[] a, T[] aux, int lo, int mid, int hi) where T : IComparable<T>
    {
        Array.Copy(a, lo, aux, lo, hi - lo + 1);
        int i = lo, j = mid + 1;
        for (var k = lo; k <= hi; k++)
        {
        R:
            if (i > mid)
            {
                a[k] = aux[j++];
            }
            else if (j > hi)
            {
                a[k] = aux[i++];
            }
            else if (aux[j].CompareTo(aux[i]) < 0)
            {
                _inversions += mid - i + 1;
                a[k] = aux[j++];
            }
            else
            {
                a[k] = aux[i++];
            }
        }
    }
}
