// points: R, S
// Floyd-Warshall all-pairs shortest paths on an int[,] distance matrix with an int[,] of next hops, both
// module fields; stops after each intermediate vertex is taken in (R), and at each hop of a path read back (S).
namespace Corpus;

public sealed class FloydWarshall : Midflight.Module
{
    private const int Infinity = int.MaxValue / 2;
    private int[,] _distance = new int[0, 0];
    private int[,] _next = new int[0, 0];

    protected override void Run()
    {
        (int From, int To, int Weight)[] edges =
        [
            (0, 1, 3), (0, 2, 8), (0, 4, -4), (1, 3, 1), (1, 4, 7),
            (2, 1, 4), (3, 0, 2), (3, 2, -5), (4, 3, 6), (5, 0, 1),
        ];
        const int n = 6;
        _distance = new int[n, n];
        _next = new int[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                _distance[i, j] = i == j ? 0 : Infinity;
                _next[i, j] = -1;
            }
        }
        foreach (var (from, to, weight) in edges)
        {
            _distance[from, to] = weight;
            _next[from, to] = to;
        }
        Solve(n);
        for (var i = 0; i < n; i++)
        {
            Print($"row {i}: {FormatRow(i)}");
        }
        Print("path 1 -> 2: " + string.Join(" ", Path(1, 2)));
        Print("path 5 -> 2: " + string.Join(" ", Path(5, 2)));
        Print("path 2 -> 5: " + string.Join(" ", Path(2, 5)));
    }

    private void Solve(int n)
    {
        for (var k = 0; k < n; k++)
        {
            var improved = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    if (_distance[i, k] + _distance[k, j] < _distance[i, j])
                    {
                        _distance[i, j] = _distance[i, k] + _distance[k, j];
                        _next[i, j] = _next[i, k];
                        improved++;
                    }
                }
            }
        R:
            Print($"through {k}: {improved} pairs improved");
        }
    }

    private string FormatRow(int i) =>
        string.Join(" ", Enumerable.Range(0, _distance.GetLength(1)).Select(j => _distance[i, j] >= Infinity / 2 ? "." : $"{_distance[i, j]}"));

    private List<int> Path(int from, int to)
    {
        if (_next[from, to] < 0)
        {
            return [];
        }
        var path = new List<int> { from };
        while (from != to)
        {
            from = _next[from, to];
        S:
            path.Add(from);
        }
        return path;
    }
}
