// points: R
// Two-colouring graphs by breadth-first search with a Queue<int> and a CorpusLibrary.Side?[] (a nullable
// enum per vertex); the search stands in an if condition; stops at each vertex coloured.
using CorpusLibrary;

namespace Corpus;

public sealed class Bipartite : Midflight.Module
{
    private List<int>[] _adjacent = [];
    private Side?[] _side = [];

    protected override void Run()
    {
        Check("even cycle", 6, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 0)]);
        Check("odd cycle", 5, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)]);
        Check("two pieces", 7, [(0, 1), (1, 2), (3, 4), (4, 5), (5, 6), (6, 3)]);
    }

    private void Check(string name, int vertices, (int A, int B)[] edges)
    {
        _adjacent = new List<int>[vertices];
        for (var v = 0; v < vertices; v++)
        {
            _adjacent[v] = [];
        }
        foreach (var (a, b) in edges)
        {
            _adjacent[a].Add(b);
            _adjacent[b].Add(a);
        }
        _side = new Side?[vertices];
        for (var start = 0; start < vertices; start++)
        {
            if (_side[start] is null && !Colour(start))
            {
                Print($"{name}: not bipartite");
                return;
            }
        }
        var left = Enumerable.Range(0, vertices).Where(v => _side[v] == Side.Left);
        Print($"{name}: bipartite, left side {string.Join(" ", left)}");
    }

    private bool Colour(int start)
    {
        var queue = new Queue<int>();
        _side[start] = Side.Left;
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var vertex = queue.Dequeue();
            var side = _side[vertex]!.Value;
            var other = side == Side.Left ? Side.Right : Side.Left;
        R:
            Print($"  {vertex} is {side}");
            foreach (var next in _adjacent[vertex])
            {
                if (_side[next] is null)
                {
                    _side[next] = other;
                    queue.Enqueue(next);
                }
                else if (_side[next] == side)
                {
                    Print($"  {vertex} and {next} are both {side}");
                    return false;
                }
            }
        }
        return true;
    }
}
