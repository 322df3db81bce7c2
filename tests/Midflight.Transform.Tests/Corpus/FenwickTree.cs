// points: R, S
// A Fenwick (binary indexed) tree in a long[] field: counting the inversions of a sequence, then prefix
// sums; stops in the inner loops of the update and of the prefix sum.
namespace Corpus;

public sealed class FenwickTree : Midflight.Module
{
    private long[] _tree = [];

    protected override void Run()
    {
        int[] sequence = [7, 3, 9, 1, 8, 2, 6, 4, 10, 5];
        _tree = new long[sequence.Length + 1];
        var inversions = 0L;
        for (var i = sequence.Length - 1; i >= 0; i--)
        {
            var smaller = PrefixSum(sequence[i] - 1);
            inversions += smaller;
            Add(sequence[i], 1);
            Print($"{sequence[i]}: {smaller} smaller to its right, {inversions} so far");
        }
        Print($"inversions {inversions}");

        Array.Clear(_tree);
        for (var i = 0; i < sequence.Length; i++)
        {
            Add(i + 1, sequence[i]);
        }
        foreach (var end in new[] { 1, 4, 7, 10 })
        {
            var total = PrefixSum(end);
            Print($"sum of the first {end} = {total}");
        }
    }

    private void Add(int index, long delta)
    {
        for (; index < _tree.Length; index += index & -index)
        {
        R:
            _tree[index] += delta;
        }
    }

    private long PrefixSum(int index)
    {
        var sum = 0L;
        while (index > 0)
        {
        S:
            sum += _tree[index];
            index -= index & -index;
        }
        return sum;
    }
}
