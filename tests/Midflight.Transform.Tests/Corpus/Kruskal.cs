// points: R
// Kruskal's minimum spanning tree: CorpusLibrary.WeightedEdge records sorted by LINQ, a disjoint-set
// helper class off the path, deconstruction in the foreach on the path; stops at each edge considered.
using CorpusLibrary;

namespace Corpus;

public sealed class KruskalDisjointSet(int size)
{
    private readonly int[] _parent = Enumerable.Range(0, size).ToArray();

    public int Find(int v)
    {
        while (_parent[v] != v)
        {
            _parent[v] = _parent[_parent[v]];
            v = _parent[v];
        }
        return v;
    }

    public bool Union(int a, int b)
    {
        var (rootA, rootB) = (Find(a), Find(b));
        if (rootA == rootB)
        {
            return false;
        }
        _parent[rootB] = rootA;
        return true;
    }
}

public sealed class Kruskal : Midflight.Module
{
    protected override void Run()
    {
        List<WeightedEdge> edges =
        [
            new(0, 1, 4), new(0, 7, 8), new(1, 2, 8), new(1, 7, 11), new(2, 3, 7), new(2, 8, 2),
            new(2, 5, 4), new(3, 4, 9), new(3, 5, 14), new(4, 5, 10), new(5, 6, 2), new(6, 7, 1),
            new(6, 8, 6), new(7, 8, 7),
        ];
        var tree = SpanningTree(9, edges);
        Print($"tree weight {tree.Sum(e => e.Weight)} with {tree.Count} edges");
    }

    private List<WeightedEdge> SpanningTree(int vertices, List<WeightedEdge> edges)
    {
        var sorted = edges.OrderBy(e => e.Weight).ThenBy(e => e.From).ThenBy(e => e.To).ToList();
        var sets = new KruskalDisjointSet(vertices);
        var tree = new List<WeightedEdge>();
        foreach (var (from, to, weight) in sorted)
        {
        R:
            if (sets.Union(from, to))
            {
                tree.Add(new WeightedEdge(from, to, weight));
                Print($"take {from}-{to} ({weight})");
            }
            else
            {
                Print($"skip {from}-{to} ({weight}): would close a cycle");
            }
            if (tree.Count == vertices - 1)
            {
                break;
            }
        }
        return tree;
    }
}
