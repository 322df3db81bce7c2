// points: R
// All permutations of a small list by backtracking with a List<int> prefix and a bool[] of used items,
// in lexicographic order; stops at each item chosen.
namespace Corpus;

public sealed class Permutations : Midflight.Module
{
    private readonly List<string> _found = [];

    protected override void Run()
    {
        Permute([1, 2, 3, 4], [], new bool[4]);
        Print($"{_found.Count} permutations of 1..4");
        _found.Clear();
        Permute([1, 1, 2], [], new bool[3]);
        Print($"of 1 1 2: {_found.Count} distinct");
    }

    private void Permute(int[] items, List<int> prefix, bool[] used)
    {
        if (prefix.Count == items.Length)
        {
            _found.Add(string.Join("", prefix));
            if (_found.Count % 2 == 0)
            {
                Print(_found[^2] + "  " + _found[^1]);
            }
            return;
        }
        for (var i = 0; i < items.Length; i++)
        {
            // Skip a duplicate unless its twin before it is in use: each distinct permutation once.
            if (used[i] || (i > 0 && items[i] == items[i - 1] && !used[i - 1]))
            {
                continue;
            }
            used[i] = true;
            prefix.Add(items[i]);
        R:
            Permute(items, prefix, used);
            prefix.RemoveAt(prefix.Count - 1);
            used[i] = false;
        }
    }
}
