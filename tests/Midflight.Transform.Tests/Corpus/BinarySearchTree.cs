// points: R, S, T, U
// A generic binary search tree (insert, search, the three depth-first traversals); stops inside each
// traversal's recursion and at each comparison of a search.
namespace Corpus;

public sealed class BstNode<TKey, TValue>(TKey key, TValue value)
    where TKey : IComparable<TKey>
{
    public TKey Key { get; } = key;

    public TValue Value { get; set; } = value;

    public BstNode<TKey, TValue>? Left { get; set; }

    public BstNode<TKey, TValue>? Right { get; set; }
}

public sealed class BinarySearchTree : Midflight.Module
{
    protected override void Run()
    {
        BstNode<int, string>? root = null;
        int[] keys = [50, 30, 70, 20, 40, 60, 80, 35, 65, 45];
        foreach (var key in keys)
        {
            root = Insert(root, key, "v" + key);
        }

        Print("in-order");
        InOrder(root, 0);
        Print("pre-order");
        PreOrder(root);
        Print("post-order");
        var visited = new List<int>();
        PostOrder(root, visited);
        Print(string.Join(" ", visited));

        foreach (var probe in new[] { 65, 10, 45 })
        {
            var found = Find(root, probe);
            Print(found is null ? $"{probe}: absent" : $"{probe}: {found.Value}");
        }
    }

    private static BstNode<TKey, TValue> Insert<TKey, TValue>(BstNode<TKey, TValue>? node, TKey key, TValue value)
        where TKey : IComparable<TKey>
    {
        if (node is null)
        {
            return new BstNode<TKey, TValue>(key, value);
        }
        var order = key.CompareTo(node.Key);
        if (order < 0)
        {
            node.Left = Insert(node.Left, key, value);
        }
        else if (order > 0)
        {
            node.Right = Insert(node.Right, key, value);
        }
        else
        {
            node.Value = value;
        }
        return node;
    }

    private void InOrder<TKey, TValue>(BstNode<TKey, TValue>? node, int depth)
        where TKey : IComparable<TKey>
    {
        if (node is null)
        {
            return;
        }
        InOrder(node.Left, depth + 1);
    R:
        Print($"{new string(' ', depth * 2)}{node.Key} = {node.Value}");
        InOrder(node.Right, depth + 1);
    }

    private void PreOrder<TKey, TValue>(BstNode<TKey, TValue>? node)
        where TKey : IComparable<TKey>
    {
        if (node is null)
        {
            return;
        }
    S:
        Print($"visit {node.Key}");
        PreOrder(node.Left);
        PreOrder(node.Right);
    }

    private void PostOrder<TKey, TValue>(BstNode<TKey, TValue>? node, List<TKey> visited)
        where TKey : IComparable<TKey>
    {
        if (node is null)
        {
            return;
        }
        PostOrder(node.Left, visited);
        PostOrder(node.Right, visited);
    T:
        visited.Add(node.Key);
    }

    private BstNode<TKey, TValue>? Find<TKey, TValue>(BstNode<TKey, TValue>? node, TKey key)
        where TKey : IComparable<TKey>
    {
        if (node is null)
        {
            return null;
        }
        var order = key.CompareTo(node.Key);
    U:
        Print($"compare {key} with {node.Key}");
        if (order == 0)
        {
            return node;
        }
        return order < 0 ? Find(node.Left, key) : Find(node.Right, key);
    }
}
