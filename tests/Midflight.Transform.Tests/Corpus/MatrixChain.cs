// points: R, S
// Matrix-chain multiplication order: the bottom-up table over chain lengths in int[,] cost and split
// tables (R in the split loop), the top-down memoised variant over a long?[,] (S), and the optimal
// parenthesisation printed by recursion.
namespace Corpus;

public sealed class MatrixChain : Midflight.Module
{
    private long?[,] _memo = new long?[0, 0];

    protected override void Run()
    {
        int[][] chains = [[30, 35, 15, 5, 10, 20, 25], [10, 20, 30, 40, 30], [40, 20, 30, 10, 30]];
        foreach (var dims in chains)
        {
            var (cost, split) = Order(dims);
            var n = dims.Length - 1;
            Print($"{string.Join("x", dims)}: {cost[1, n]} scalar multiplications, {Parenthesize(split, 1, n)}");
            _memo = new long?[n + 1, n + 1];
            var topDown = Cost(dims, 1, n);
            Print($"  top-down agrees: {topDown == cost[1, n]}");
        }
    }

    public (int[,] Cost, int[,] Split) Order(int[] dims)
    {
        var n = dims.Length - 1;
        var cost = new int[n + 1, n + 1];
        var split = new int[n + 1, n + 1];
        for (var length = 2; length <= n; length++)
        {
            for (var i = 1; i + length - 1 <= n; i++)
            {
                var j = i + length - 1;
                cost[i, j] = int.MaxValue;
                for (var k = i; k < j; k++)
                {
                R:
                    var q = cost[i, k] + cost[k + 1, j] + dims[i - 1] * dims[k] * dims[j];
                    if (q < cost[i, j])
                    {
                        (cost[i, j], split[i, j]) = (q, k);
                    }
                }
            }
            Print($"  chains of {length}: {string.Join(" ", Enumerable.Range(1, n - length + 1).Select(i => cost[i, i + length - 1]))}");
        }
        return (cost, split);
    }

    private string Parenthesize(int[,] split, int i, int j) =>
        i == j ? $"A{i}" : $"({Parenthesize(split, i, split[i, j])} {Parenthesize(split, split[i, j] + 1, j)})";

    private long Cost(int[] dims, int i, int j)
    {
        if (i == j)
        {
            return 0;
        }
        if (_memo[i, j] is long known)
        {
            return known;
        }
        var best = long.MaxValue;
        for (var k = i; k < j; k++)
        {
        S:
            var left = Cost(dims, i, k);
            var right = Cost(dims, k + 1, j);
            best = Math.Min(best, left + right + (long)dims[i - 1] * dims[k] * dims[j]);
        }
        _memo[i, j] = best;
        return best;
    }
}
