// points: R, S
// Subset sum: a bool[,] table of which sums the first i items can reach (R), then one subset read back
// by a recursive TryBuild that runs inside if conditions and collects the picks on a Stack<int> (S).
namespace Corpus;

public sealed class SubsetSum : Midflight.Module
{
    private bool[,] _reachable = new bool[0, 0];

    protected override void Run()
    {
        int[] weights = [3, 34, 4, 12, 5, 2, 27, 9];
        Fill(weights, weights.Sum());
        foreach (var target in new[] { 9, 30, 1, 53, 96, 58 })
        {
            var picked = new Stack<int>();
            if (TryBuild(weights, weights.Length, target, picked))
            {
                Print($"{target} = {string.Join(" + ", picked)}");
            }
            else
            {
                Print($"{target}: no subset");
            }
        }
        var reachableCount = Enumerable.Range(0, _reachable.GetLength(1)).Count(s => _reachable[weights.Length, s]);
        Print($"{reachableCount} of {_reachable.GetLength(1)} sums reachable");
    }

    public void Fill(int[] items, int maxSum)
    {
        _reachable = new bool[items.Length + 1, maxSum + 1];
        _reachable[0, 0] = true;
        for (var i = 1; i <= items.Length; i++)
        {
            var item = items[i - 1];
            for (var s = 0; s <= maxSum; s++)
            {
            R:
                _reachable[i, s] = _reachable[i - 1, s] || (s >= item && _reachable[i - 1, s - item]);
            }
            Print($"with {item,2}: {Enumerable.Range(0, maxSum + 1).Count(s => _reachable[i, s])} sums reachable");
        }
    }

    private bool TryBuild(int[] items, int i, int target, Stack<int> picked)
    {
        if (target == 0)
        {
            return true;
        }
        if (i == 0 || !_reachable[i, target])
        {
            return false;
        }
    S:
        if (_reachable[i - 1, target] && TryBuild(items, i - 1, target, picked))
        {
            return true;
        }
        var item = items[i - 1];
        if (item <= target)
        {
            picked.Push(item);
            if (TryBuild(items, i - 1, target - item, picked))
            {
                return true;
            }
            picked.Pop();
        }
        return false;
    }
}
