namespace CorpusLibrary;

/// <summary>A directed graph by adjacency lists, as a library would offer it.</summary>
public sealed class Digraph
{
    private readonly List<int>[] _adjacent;

    public Digraph(int vertices)
    {
        _adjacent = new List<int>[vertices];
        for (var v = 0; v < vertices; v++)
        {
            _adjacent[v] = [];
        }
    }

    public int Vertices => _adjacent.Length;

    public void AddEdge(int from, int to) => _adjacent[from].Add(to);

    public IReadOnlyList<int> Adjacent(int vertex) => _adjacent[vertex];
}

/// <summary>A node of a binary tree, generic in its key.</summary>
public sealed class TreeNode<T>(T key)
{
    public T Key { get; set; } = key;

    public TreeNode<T>? Left { get; set; }

    public TreeNode<T>? Right { get; set; }
}

/// <summary>A point on a grid, as a value.</summary>
public readonly record struct Cell(int Row, int Column);
