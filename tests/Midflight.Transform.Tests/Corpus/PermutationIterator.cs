// points: R, S
// Permutations produced lazily by a recursive iterator (Heap's algorithm with yield return) and
// combinations by a second one, consumed with foreach in methods on the path; stops inside each foreach
// body.
namespace Corpus;

public sealed class PermutationIterator : Midflight.Module
{
    protected override void Run()
    {
        var letters = "abcd".ToCharArray();
        var count = PrintPermutations(letters);
        Print($"{count} permutations");
        var chosen = PrintCombinations(5, 3);
        Print($"{chosen} combinations of 3 out of 5");
    }

    private int PrintPermutations(char[] items)
    {
        var count = 0;
        var line = new List<string>();
        foreach (var permutation in Heap(items, items.Length))
        {
            count++;
            line.Add(new string(permutation));
        R:
            if (line.Count == 6)
            {
                Print(string.Join(" ", line));
                line.Clear();
            }
        }
        return count;
    }

    private int PrintCombinations(int n, int k)
    {
        var count = 0;
        foreach (var combination in Choose(0, n, k, new Stack<int>()))
        {
            count++;
        S:
            Print("{" + string.Join(",", combination) + "}");
        }
        return count;
    }

    private static IEnumerable<char[]> Heap(char[] items, int size)
    {
        if (size == 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < size - 1; i++)
        {
            foreach (var permutation in Heap(items, size - 1))
            {
                yield return permutation;
            }
            var j = size % 2 == 0 ? i : 0;
            (items[j], items[size - 1]) = (items[size - 1], items[j]);
        }
        foreach (var permutation in Heap(items, size - 1))
        {
            yield return permutation;
        }
    }

    private static IEnumerable<int[]> Choose(int from, int n, int k, Stack<int> chosen)
    {
        if (chosen.Count == k)
        {
            yield return chosen.Reverse().ToArray();
            yield break;
        }
        for (var i = from; i <= n - (k - chosen.Count); i++)
        {
            chosen.Push(i);
            foreach (var combination in Choose(i + 1, n, k, chosen))
            {
                yield return combination;
            }
            chosen.Pop();
        }
    }
}
