// points: R, S
// Deleting keys from a binary search tree of CorpusLibrary.TreeNode<int> (in-order successor for a node
// with two children); stops on the way down to each key and at each node of a level-order walk.
using CorpusLibrary;

namespace Corpus;

public sealed class BstDelete : Midflight.Module
{
    private TreeNode<int>? _root;

    protected override void Run()
    {
        foreach (var key in new[] { 8, 3, 10, 1, 6, 14, 4, 7, 13, 12 })
        {
            _root = Insert(_root, key);
        }
        PrintLevels();
        foreach (var key in new[] { 1, 3, 10, 8, 99, 13 })
        {
            Print($"delete {key}");
            _root = Delete(_root, key);
            PrintLevels();
        }
    }

    private static TreeNode<int> Insert(TreeNode<int>? node, int key)
    {
        if (node is null)
        {
            return new TreeNode<int>(key);
        }
        if (key < node.Key)
        {
            node.Left = Insert(node.Left, key);
        }
        else
        {
            node.Right = Insert(node.Right, key);
        }
        return node;
    }

    private TreeNode<int>? Delete(TreeNode<int>? node, int key)
    {
        if (node is null)
        {
            Print($"  {key} not found");
            return null;
        }
    R:
        Print($"  at {node.Key}");
        if (key < node.Key)
        {
            node.Left = Delete(node.Left, key);
        }
        else if (key > node.Key)
        {
            node.Right = Delete(node.Right, key);
        }
        else
        {
            if (node.Left is null)
            {
                return node.Right;
            }
            if (node.Right is null)
            {
                return node.Left;
            }
            var successor = node.Right;
            while (successor.Left is not null)
            {
                successor = successor.Left;
            }
            node.Key = successor.Key;
            node.Right = Delete(node.Right, successor.Key);
        }
        return node;
    }

    private void PrintLevels()
    {
        if (_root is null)
        {
            Print("(empty)");
            return;
        }
        var queue = new Queue<TreeNode<int>>();
        queue.Enqueue(_root);
        var levels = new List<string>();
        while (queue.Count > 0)
        {
            var width = queue.Count;
            var level = new List<int>(width);
            for (var i = 0; i < width; i++)
            {
                var node = queue.Dequeue();
            S:
                level.Add(node.Key);
                if (node.Left is not null)
                {
                    queue.Enqueue(node.Left);
                }
                if (node.Right is not null)
                {
                    queue.Enqueue(node.Right);
                }
            }
            levels.Add(string.Join(" ", level));
        }
        Print("levels: " + string.Join(" | ", levels));
    }
}
