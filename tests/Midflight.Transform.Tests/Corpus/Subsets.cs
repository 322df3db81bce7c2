// points: R
// The subsets of a set with a given sum, by include/exclude backtracking over a sorted array with a
// running total and pruning; stops at each decision.
namespace Corpus;

public sealed class Subsets : Midflight.Module
{
    private int[] _items = [];
    private readonly List<int> _chosen = [];
    private int _decisions;

    protected override void Run()
    {
        _items = [3, 34, 4, 12, 5, 2, 7, 9];
        Array.Sort(_items);
        Print("items " + string.Join(" ", _items));
        foreach (var target in new[] { 9, 21, 1 })
        {
            _decisions = 0;
            var found = Choose(0, target);
            Print($"sum {target}: {found} subsets, {_decisions} decisions");
        }
    }

    private int Choose(int index, int remaining)
    {
        if (remaining == 0)
        {
            Print("  {" + string.Join(" ", _chosen) + "}");
            return 1;
        }
        if (index == _items.Length || _items[index] > remaining)
        {
            return 0;
        }
        _decisions++;
        _chosen.Add(_items[index]);
    R:
        var with = Choose(index + 1, remaining - _items[index]);
        _chosen.RemoveAt(_chosen.Count - 1);
        var without = Choose(index + 1, remaining);
        return with + without;
    }
}
