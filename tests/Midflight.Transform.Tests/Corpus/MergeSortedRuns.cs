// points: R
// A k-way merge of sorted runs kept in a jagged int[][] through a PriorityQueue<(int Run, int Index),
// (int, int)> holding the head of each run; stops at each element taken.
namespace Corpus;

public sealed class MergeSortedRuns : Midflight.Module
{
    private int[][] _runs = [];

    protected override void Run()
    {
        _runs =
        [
            [1, 4, 9, 15, 22],
            [2, 3, 10],
            [5, 6, 7, 8, 20],
            [],
            [0, 11, 12, 13],
        ];
        var merged = Merge();
        Print($"{merged.Count} elements: {string.Join(" ", merged)}");
        var sorted = merged.Zip(merged.Skip(1)).All(p => p.First <= p.Second);
        Print(sorted ? "in order" : "NOT in order");
    }

    private List<int> Merge()
    {
        var heads = new PriorityQueue<(int Run, int Index), (int Value, int Run)>();
        for (var run = 0; run < _runs.Length; run++)
        {
            if (_runs[run].Length > 0)
            {
                heads.Enqueue((run, 0), (_runs[run][0], run));
            }
        }
        var merged = new List<int>();
        while (heads.TryDequeue(out var head, out var priority))
        {
            var (run, index) = head;
            merged.Add(priority.Value);
        R:
            Print($"take {priority.Value} from run {run}, {heads.Count} other heads");
            if (index + 1 < _runs[run].Length)
            {
                heads.Enqueue((run, index + 1), (_runs[run][index + 1], run));
            }
        }
        return merged;
    }
}
