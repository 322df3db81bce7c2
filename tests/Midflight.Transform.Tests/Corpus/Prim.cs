// points: R
// Prim's minimum spanning tree with a PriorityQueue<(int, int), int> (lazy deletion), adjacency in
// List<(int, int)>[] and a bool[] of vertices in the tree; stops at each entry taken from the queue.
namespace Corpus;

public sealed class Prim : Midflight.Module
{
    private List<(int To, int Weight)>[] _adjacent = [];

    protected override void Run()
    {
        (int, int, int)[] edges =
        [
            (0, 1, 2), (0, 3, 6), (1, 2, 3), (1, 3, 8), (1, 4, 5), (2, 4, 7), (3, 4, 9),
            (4, 5, 4), (2, 5, 6), (5, 6, 1), (3, 6, 11),
        ];
        _adjacent = new List<(int, int)>[7];
        for (var v = 0; v < _adjacent.Length; v++)
        {
            _adjacent[v] = [];
        }
        foreach (var (a, b, w) in edges)
        {
            _adjacent[a].Add((b, w));
            _adjacent[b].Add((a, w));
        }
        var total = Grow(0);
        Print($"total weight {total}");
    }

    private int Grow(int start)
    {
        var inTree = new bool[_adjacent.Length];
        var frontier = new PriorityQueue<(int Vertex, int From), int>();
        frontier.Enqueue((start, -1), 0);
        var total = 0;
        var stale = 0;
        while (frontier.TryDequeue(out var entry, out var weight))
        {
            var (vertex, from) = entry;
        R:
            if (inTree[vertex])
            {
                stale++;
                continue;
            }
            inTree[vertex] = true;
            total += weight;
            Print(from < 0 ? $"start at {vertex}" : $"add {from}-{vertex} ({weight}), {frontier.Count} waiting, {stale} stale");
            foreach (var (to, w) in _adjacent[vertex])
            {
                if (!inTree[to])
                {
                    frontier.Enqueue((to, vertex), w);
                }
            }
        }
        Print($"{stale} stale entries skipped");
        return total;
    }
}
