// points: R, S
// Union-find with union by rank and recursive path compression, merging the pairs of a stream and
// counting components; stops in each frame of a find and at each union.
namespace Corpus;

public sealed class UnionFind : Midflight.Module
{
    private int[] _parent = [];
    private int[] _rank = [];
    private int _components;

    protected override void Run()
    {
        const int n = 12;
        _parent = Enumerable.Range(0, n).ToArray();
        _rank = new int[n];
        _components = n;
        (int, int)[] pairs = [(4, 3), (3, 8), (6, 5), (9, 4), (2, 1), (8, 9), (5, 0), (7, 2), (6, 1), (1, 0), (6, 7), (10, 11)];
        foreach (var (a, b) in pairs)
        {
            if (Union(a, b))
            {
                Print($"union {a} {b}: {_components} components");
            }
            else
            {
                Print($"{a} and {b} already connected");
            }
        }
        var roots = Enumerable.Range(0, n).GroupBy(v => Root(v)).Select(g => "{" + string.Join(" ", g) + "}");
        Print(string.Join(" ", roots));
    }

    private int Root(int v) => _parent[v] == v ? v : Root(_parent[v]);

    private int Find(int v)
    {
        if (_parent[v] == v)
        {
            return v;
        }
    R:
        _parent[v] = Find(_parent[v]);
        return _parent[v];
    }

    private bool Union(int a, int b)
    {
        var rootA = Find(a);
        var rootB = Find(b);
    S:
        if (rootA == rootB)
        {
            return false;
        }
        if (_rank[rootA] < _rank[rootB])
        {
            (rootA, rootB) = (rootB, rootA);
        }
        _parent[rootB] = rootA;
        if (_rank[rootA] == _rank[rootB])
        {
            _rank[rootA]++;
        }
        _components--;
        return true;
    }
}
