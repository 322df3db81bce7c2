// points: R, S, T
// Prefix sums in a partial module class: one-dimensional sums answering range queries (S), a
// summed-area table in an int[,] for rectangle queries (R), and a difference array applying range
// increments (T).
namespace Corpus;

public readonly record struct PrefixQuery(int From, int To);

public readonly record struct PrefixRectangle(int Top, int Left, int Bottom, int Right);

public sealed partial class PrefixSums : Midflight.Module
{
    private long[] _prefix = [];

    protected override void Run()
    {
        var values = Enumerable.Range(1, 16).Select(i => i * i % 11 - 3).ToArray();
        Print($"values: {string.Join(" ", values)}");
        BuildPrefix(values);
        PrefixQuery[] queries = [new(0, 15), new(2, 5), new(7, 7), new(10, 14)];
        foreach (var query in queries)
        {
            var sum = RangeSum(query);
            Print($"sum [{query.From}..{query.To}] = {sum} (check {values[query.From..(query.To + 1)].Sum()})");
        }

        var grid = new int[5, 6];
        for (var r = 0; r < 5; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                grid[r, c] = (r + 1) * (c + 2) % 7;
            }
        }
        var table = SummedArea(grid);
        foreach (var rectangle in new[] { new PrefixRectangle(0, 0, 4, 5), new PrefixRectangle(1, 1, 2, 3), new PrefixRectangle(3, 2, 4, 2) })
        {
            Print($"rows {rectangle.Top}..{rectangle.Bottom}, columns {rectangle.Left}..{rectangle.Right}: {RectangleSum(table, rectangle)}");
        }

        var updated = ApplyIncrements(10, [(0, 4, 2), (3, 7, -1), (6, 9, 5), (2, 2, 10)]);
        Print($"after increments: {string.Join(" ", updated)}");
    }

    public void BuildPrefix(int[] values)
    {
        _prefix = new long[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            _prefix[i + 1] = _prefix[i] + values[i];
        }
    }

    public long RangeSum(PrefixQuery query)
    {
    S:
        return _prefix[query.To + 1] - _prefix[query.From];
    }
}

public sealed partial class PrefixSums
{
    public int[,] SummedArea(int[,] grid)
    {
        int rows = grid.GetLength(0), columns = grid.GetLength(1);
        var table = new int[rows + 1, columns + 1];
        for (var r = 1; r <= rows; r++)
        {
            for (var c = 1; c <= columns; c++)
            {
            R:
                table[r, c] = grid[r - 1, c - 1] + table[r - 1, c] + table[r, c - 1] - table[r - 1, c - 1];
            }
            Print($"table row {r}: {string.Join(" ", Enumerable.Range(1, columns).Select(c => table[r, c]))}");
        }
        return table;
    }

    private static int RectangleSum(int[,] table, PrefixRectangle q) =>
        table[q.Bottom + 1, q.Right + 1] - table[q.Top, q.Right + 1] - table[q.Bottom + 1, q.Left] + table[q.Top, q.Left];

    public int[] ApplyIncrements(int length, (int From, int To, int Delta)[] increments)
    {
        var difference = new int[length + 1];
        foreach (var (from, to, delta) in increments)
        {
            difference[from] += delta;
            difference[to + 1] -= delta;
        }
        var result = new int[length];
        var running = 0;
        for (var i = 0; i < length; i++)
        {
            running += difference[i];
        T:
            result[i] = running;
        }
        return result;
    }
}
