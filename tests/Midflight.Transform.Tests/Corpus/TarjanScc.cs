// points: R, S
// Tarjan's strongly connected components over a CorpusLibrary.Digraph: recursive, with int?[] indices,
// a Stack<int> and the module class split in two partial declarations; stops on entering each vertex
// and at each component popped.
using CorpusLibrary;

namespace Corpus;

public sealed partial class TarjanScc : Midflight.Module
{
    private Digraph _graph = new(0);
    private int?[] _index = [];
    private int[] _lowLink = [];
    private bool[] _onStack = [];
    private readonly Stack<int> _stack = new();
    private readonly List<List<int>> _components = [];
    private int _counter;

    protected override void Run()
    {
        _graph = Build(10, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3), (6, 5), (6, 7), (7, 8), (8, 6), (9, 9), (8, 9)]);
        FindComponents();
        Print($"{_components.Count} components");
        foreach (var component in _components)
        {
            Print("  {" + string.Join(", ", component.Order()) + "}");
        }
    }

    private void FindComponents()
    {
        _index = new int?[_graph.Vertices];
        _lowLink = new int[_graph.Vertices];
        _onStack = new bool[_graph.Vertices];
        for (var v = 0; v < _graph.Vertices; v++)
        {
            if (_index[v] is null)
            {
                StrongConnect(v);
            }
        }
    }

    private void StrongConnect(int v)
    {
        _index[v] = _counter;
        _lowLink[v] = _counter;
        _counter++;
        _stack.Push(v);
        _onStack[v] = true;
    R:
        Print($"enter {v} as {_index[v]}");
        foreach (var w in _graph.Adjacent(v))
        {
            if (_index[w] is null)
            {
                StrongConnect(w);
                _lowLink[v] = Math.Min(_lowLink[v], _lowLink[w]);
            }
            else if (_onStack[w])
            {
                _lowLink[v] = Math.Min(_lowLink[v], _index[w]!.Value);
            }
        }
        if (_lowLink[v] == _index[v])
        {
            var component = new List<int>();
            int w;
            do
            {
                w = _stack.Pop();
                _onStack[w] = false;
                component.Add(w);
            }
            while (w != v);
            _components.Add(component);
        S:
            Print($"component rooted at {v}: {component.Count} vertices");
        }
    }
}

public sealed partial class TarjanScc
{
    private static Digraph Build(int vertices, (int From, int To)[] edges)
    {
        var graph = new Digraph(vertices);
        foreach (var (from, to) in edges)
        {
            graph.AddEdge(from, to);
        }
        return graph;
    }
}
