namespace CorpusLibrary;

/// <summary>A node of a tree with any number of children, kept in the order they were added.</summary>
public sealed class RoseTree<T>(T value)
{
    public T Value { get; } = value;

    public List<RoseTree<T>> Children { get; } = [];

    public RoseTree<T> Add(T value)
    {
        var child = new RoseTree<T>(value);
        Children.Add(child);
        return child;
    }
}

/// <summary>An edge with a weight, as graph libraries hand them out.</summary>
public sealed record WeightedEdge(int From, int To, int Weight);

/// <summary>The side of a vertex in a two-colouring.</summary>
public enum Side
{
    Left,
    Right,
}
