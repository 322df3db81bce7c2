// points: R
// Cycle detection in undirected graphs by recursive depth-first search with a parent, neighbours in
// HashSet<int>[], the recursive call in an if condition, a foreach over a HashSet on the path; stops at
// each vertex entered.
namespace Corpus;

public sealed class UndirectedCycle : Midflight.Module
{
    private HashSet<int>[] _neighbours = [];
    private bool[] _visited = [];

    protected override void Run()
    {
        Report("tree", 7, [(0, 1), (0, 2), (1, 3), (1, 4), (2, 5), (2, 6)]);
        Report("tree plus one", 7, [(0, 1), (0, 2), (1, 3), (1, 4), (2, 5), (2, 6), (4, 5)]);
        Report("forest with a triangle", 8, [(0, 1), (2, 3), (3, 4), (4, 2), (5, 6)]);
    }

    private void Report(string name, int vertices, (int, int)[] edges)
    {
        _neighbours = new HashSet<int>[vertices];
        for (var v = 0; v < vertices; v++)
        {
            _neighbours[v] = [];
        }
        foreach (var (a, b) in edges)
        {
            _neighbours[a].Add(b);
            _neighbours[b].Add(a);
        }
        _visited = new bool[vertices];
        var found = false;
        for (var v = 0; v < vertices && !found; v++)
        {
            if (!_visited[v])
            {
                found = HasCycle(v, -1);
            }
        }
        Print($"{name}: {(found ? "has a cycle" : "acyclic")}");
    }

    private bool HasCycle(int vertex, int parent)
    {
        _visited[vertex] = true;
    R:
        Print($"  enter {vertex} from {(parent < 0 ? "-" : parent.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        foreach (var next in _neighbours[vertex])
        {
            if (!_visited[next])
            {
                if (HasCycle(next, vertex))
                {
                    return true;
                }
            }
            else if (next != parent)
            {
                Print($"  back edge {vertex}-{next}");
                return true;
            }
        }
        return false;
    }
}
