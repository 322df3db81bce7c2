// points: R, S
// Dijkstra's shortest paths with a SortedSet<(int, int)> as the priority queue, the graph in a
// Dictionary<int, (int, int)[]>, predecessors as int?[]; stops at each vertex settled and at each
// step of a path walked back.
namespace Corpus;

public sealed class Dijkstra : Midflight.Module
{
    private readonly Dictionary<int, (int To, int Weight)[]> _roads = new()
    {
        [0] = [(1, 7), (2, 9), (5, 14)],
        [1] = [(0, 7), (2, 10), (3, 15)],
        [2] = [(0, 9), (1, 10), (3, 11), (5, 2)],
        [3] = [(1, 15), (2, 11), (4, 6), (6, 9)],
        [4] = [(3, 6), (5, 9), (7, 3)],
        [5] = [(0, 14), (2, 2), (4, 9)],
        [6] = [(3, 9), (7, 4)],
        [7] = [(4, 3), (6, 4)],
        [8] = [],
    };

    protected override void Run()
    {
        var (distance, previous) = ShortestPaths(0);
        for (var target = 1; target < distance.Length; target++)
        {
            if (distance[target] == int.MaxValue)
            {
                Print($"0 -> {target}: unreachable");
                continue;
            }
            var path = PathTo(previous, target);
            Print($"0 -> {target}: {distance[target]} via {string.Join("-", path)}");
        }
    }

    private (int[] Distance, int?[] Previous) ShortestPaths(int source)
    {
        var distance = new int[_roads.Count];
        Array.Fill(distance, int.MaxValue);
        var previous = new int?[_roads.Count];
        distance[source] = 0;
        var frontier = new SortedSet<(int Distance, int Vertex)> { (0, source) };
        while (frontier.Count > 0)
        {
            var (dist, vertex) = frontier.Min;
            frontier.Remove(frontier.Min);
        R:
            Print($"settle {vertex} at {dist}");
            foreach (var (to, weight) in _roads[vertex])
            {
                var candidate = dist + weight;
                if (candidate < distance[to])
                {
                    if (distance[to] != int.MaxValue)
                    {
                        frontier.Remove((distance[to], to));
                    }
                    distance[to] = candidate;
                    previous[to] = vertex;
                    frontier.Add((candidate, to));
                }
            }
        }
        return (distance, previous);
    }

    private List<int> PathTo(int?[] previous, int target)
    {
        var path = new List<int>();
        int? vertex = target;
        while (vertex is { } v)
        {
        S:
            path.Add(v);
            vertex = previous[v];
        }
        path.Reverse();
        return path;
    }
}
