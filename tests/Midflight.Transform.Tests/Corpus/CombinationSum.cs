// points: R
// Combination sum: every multiset of candidates (each usable again) adding up to a target, the current
// choice on a Stack<int>; stops at each candidate pushed.
namespace Corpus;

public sealed class CombinationSum : Midflight.Module
{
    private readonly Stack<int> _choice = new();
    private readonly List<int[]> _results = [];

    protected override void Run()
    {
        int[] candidates = [2, 3, 5, 7];
        foreach (var target in new[] { 7, 10, 12 })
        {
            _results.Clear();
            Search(candidates, 0, target);
            Print($"target {target}: {_results.Count} combinations, the shortest {_results.Min(r => r.Length)} long");
        }
    }

    private void Search(int[] candidates, int start, int remaining)
    {
        if (remaining == 0)
        {
            int[] found = [.. _choice.Reverse()];
            _results.Add(found);
            Print("  " + string.Join(" + ", found));
            return;
        }
        for (var i = start; i < candidates.Length && candidates[i] <= remaining; i++)
        {
            _choice.Push(candidates[i]);
        R:
            Search(candidates, i, remaining - candidates[i]);
            _choice.Pop();
        }
    }
}
