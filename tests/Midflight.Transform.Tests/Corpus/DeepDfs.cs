// points: R, S
// Recursive depth-first search over a CorpusLibrary.Digraph that is a path of 1000 vertices with a side
// branch every 100: the stack grows 1000 frames deep; stops every 100 levels down and at each side
// vertex finished on the way back.
using CorpusLibrary;

namespace Corpus;

public sealed class DeepDfs : Midflight.Module
{
    private const int Length = 1000;
    private readonly Digraph _graph = BuildGraph();
    private readonly List<int> _finished = [];
    private bool[] _visited = [];
    private int _deepest;

    protected override void Run()
    {
        _visited = new bool[_graph.Vertices];
        Visit(0, 0);
        Print($"visited {_visited.Count(v => v)} of {_graph.Vertices}, deepest {_deepest}");
        Print("first finished " + string.Join(" ", _finished.Take(5)));
        Print("last finished " + string.Join(" ", _finished.TakeLast(5)));
    }

    private static Digraph BuildGraph()
    {
        var graph = new Digraph(Length + Length / 100);
        for (var v = 0; v + 1 < Length; v++)
        {
            graph.AddEdge(v, v + 1);
        }
        // A side branch every 100 vertices, leading back to a vertex already on the stack.
        for (var b = 0; b < Length / 100; b++)
        {
            var side = Length + b;
            graph.AddEdge(b * 100 + 50, side);
            graph.AddEdge(side, b * 100 + 10);
        }
        return graph;
    }

    private void Visit(int vertex, int depth)
    {
        _visited[vertex] = true;
        _deepest = Math.Max(_deepest, depth);
        if (depth % 100 == 0)
        {
        R:
            Print($"depth {depth}: vertex {vertex}");
        }
        foreach (var next in _graph.Adjacent(vertex))
        {
            if (!_visited[next])
            {
                Visit(next, depth + 1);
            }
        }
        _finished.Add(vertex);
        if (vertex >= Length)
        {
        S:
            Print($"finished side vertex {vertex} at depth {depth}");
        }
    }
}
