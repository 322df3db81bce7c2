// points: R, S, T
// Graph walks written as iterators in a helper class (breadth-first with a Queue, depth-first with an
// explicit Stack) over a CorpusLibrary.Digraph, consumed by foreach on the path, then foreach over a
// Dictionary and a HashSet; stops in each loop body.
using CorpusLibrary;

namespace Corpus;

public static class GraphIteratorWalks
{
    public static IEnumerable<(int Vertex, int Distance)> BreadthFirst(Digraph graph, int start)
    {
        var seen = new bool[graph.Vertices];
        var queue = new Queue<(int, int)>();
        seen[start] = true;
        queue.Enqueue((start, 0));
        while (queue.Count > 0)
        {
            var (vertex, distance) = queue.Dequeue();
            yield return (vertex, distance);
            foreach (var next in graph.Adjacent(vertex))
            {
                if (!seen[next])
                {
                    seen[next] = true;
                    queue.Enqueue((next, distance + 1));
                }
            }
        }
    }

    public static IEnumerable<int> DepthFirst(Digraph graph, int start)
    {
        var seen = new bool[graph.Vertices];
        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var vertex = stack.Pop();
            if (seen[vertex])
            {
                continue;
            }
            seen[vertex] = true;
            yield return vertex;
            for (var i = graph.Adjacent(vertex).Count - 1; i >= 0; i--)
            {
                stack.Push(graph.Adjacent(vertex)[i]);
            }
        }
    }
}

public sealed class GraphIterators : Midflight.Module
{
    private readonly Digraph _graph = new(10);
    private readonly Dictionary<int, int> _distance = [];

    protected override void Run()
    {
        (int, int)[] edges = [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (4, 5), (2, 6), (6, 7), (7, 4), (8, 9)];
        foreach (var (from, to) in edges)
        {
            _graph.AddEdge(from, to);
        }
        Layers(0);
        var unreached = Explore(0);
        Far(2);
        Print($"unreached from 0: {string.Join(" ", unreached.Order())}");
    }

    private void Layers(int start)
    {
        foreach (var (vertex, distance) in GraphIteratorWalks.BreadthFirst(_graph, start))
        {
        R:
            _distance[vertex] = distance;
            Print($"bfs {vertex} at distance {distance}");
        }
    }

    private HashSet<int> Explore(int start)
    {
        var unreached = Enumerable.Range(0, _graph.Vertices).ToHashSet();
        var order = new List<int>();
        foreach (var vertex in GraphIteratorWalks.DepthFirst(_graph, start))
        {
            unreached.Remove(vertex);
            order.Add(vertex);
        S:
            Print($"dfs {string.Join(">", order)}");
        }
        var alone = 0;
        foreach (var vertex in unreached)
        {
            if (_graph.Adjacent(vertex).Count == 0)
            {
                alone++;
            }
        }
        Print($"{alone} unreached vertices are sinks");
        return unreached;
    }

    private void Far(int minimum)
    {
        foreach (var (vertex, distance) in _distance)
        {
        T:
            if (distance >= minimum)
            {
                Print($"{vertex} is {distance} away");
            }
        }
    }
}
