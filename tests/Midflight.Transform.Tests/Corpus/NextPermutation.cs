// points: R, S, T
// Lexicographic permutations by Narayana's next-permutation step, driven by
// "do ... while (Next(a))" so the step is on the path inside the loop condition: it scans for the
// pivot (R) and reverses the suffix (S). Then the k-th permutation straight from the factorial
// number system (T).
namespace Corpus;

public sealed class NextPermutation : Midflight.Module
{
    protected override void Run()
    {
        int[] digits = [1, 2, 2, 3];
        var count = 0;
        do
        {
            count++;
            Print($"{count,2}: {string.Join("", digits)}");
        }
        while (Next(digits));
        Print($"{count} distinct arrangements, back to {string.Join("", digits)}");

        var letters = "abcd".ToCharArray();
        foreach (var k in new[] { 0, 5, 11, 23 })
        {
            var permutation = KthPermutation(letters, k);
            Print($"permutation #{k} of abcd: {permutation}");
        }
    }

    public bool Next<T>(T[] a) where T : IComparable<T>
    {
        var i = a.Length - 2;
        while (i >= 0 && a[i].CompareTo(a[i + 1]) >= 0)
        {
        R:
            i--;
        }
        if (i >= 0)
        {
            var j = a.Length - 1;
            while (a[j].CompareTo(a[i]) <= 0)
            {
                j--;
            }
            (a[i], a[j]) = (a[j], a[i]);
        }
        var lo = i + 1;
        var hi = a.Length - 1;
        while (lo < hi)
        {
        S:
            (a[lo], a[hi]) = (a[hi], a[lo]);
            lo++;
            hi--;
        }
        return i >= 0;
    }

    public string KthPermutation(char[] items, int k)
    {
        var pool = new LinkedList<char>(items.Order());
        var result = new System.Text.StringBuilder();
        var factorial = Enumerable.Range(1, Math.Max(1, items.Length - 1)).Aggregate(1, (f, x) => f * x);
        for (var position = items.Length - 1; position >= 0; position--)
        {
            var index = k / factorial;
            k %= factorial;
            var node = pool.First!;
            for (var step = 0; step < index; step++)
            {
                node = node.Next!;
            }
        T:
            result.Append(node.Value);
            pool.Remove(node);
            if (position > 0)
            {
                factorial /= position;
            }
        }
        return result.ToString();
    }
}
