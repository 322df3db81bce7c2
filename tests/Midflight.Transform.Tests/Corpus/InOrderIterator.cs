// points: R, S, T
// Traversals of a binary search tree of CorpusLibrary.TreeNode<int> written as iterators (in-order with an
// explicit Stack, level-order with a Queue), consumed by foreach in methods on the path, and two trees
// merged through their enumerators; stops inside each foreach body and at each merge step.
using CorpusLibrary;

namespace Corpus;

public sealed class InOrderIterator : Midflight.Module
{
    protected override void Run()
    {
        var first = Build([40, 20, 60, 10, 30, 50, 70]);
        var second = Build([35, 15, 55, 5, 25, 45, 65, 75]);
        PrintAscending("first", first);
        PrintAscending("second", second);
        PrintLevels(first);
        Merge(first, second);
    }

    private static TreeNode<int> Build(int[] keys)
    {
        var root = new TreeNode<int>(keys[0]);
        foreach (var key in keys.Skip(1))
        {
            var node = root;
            while (true)
            {
                if (key < node.Key)
                {
                    if (node.Left is null)
                    {
                        node.Left = new TreeNode<int>(key);
                        break;
                    }
                    node = node.Left;
                }
                else
                {
                    if (node.Right is null)
                    {
                        node.Right = new TreeNode<int>(key);
                        break;
                    }
                    node = node.Right;
                }
            }
        }
        return root;
    }

    private static IEnumerable<int> InOrder(TreeNode<int>? node)
    {
        var stack = new Stack<TreeNode<int>>();
        while (node is not null || stack.Count > 0)
        {
            while (node is not null)
            {
                stack.Push(node);
                node = node.Left;
            }
            node = stack.Pop();
            yield return node.Key;
            node = node.Right;
        }
    }

    private static IEnumerable<(int Key, int Depth)> LevelOrder(TreeNode<int> root)
    {
        var queue = new Queue<(TreeNode<int> Node, int Depth)>();
        queue.Enqueue((root, 0));
        while (queue.Count > 0)
        {
            var (node, depth) = queue.Dequeue();
            yield return (node.Key, depth);
            if (node.Left is not null)
            {
                queue.Enqueue((node.Left, depth + 1));
            }
            if (node.Right is not null)
            {
                queue.Enqueue((node.Right, depth + 1));
            }
        }
    }

    private void PrintAscending(string name, TreeNode<int> root)
    {
        var previous = int.MinValue;
        var line = new List<int>();
        foreach (var key in InOrder(root))
        {
        R:
            if (key < previous)
            {
                Print($"{name}: {key} out of order");
            }
            previous = key;
            line.Add(key);
            if (line.Count % 3 == 0)
            {
                Print($"{name}: ... {string.Join(" ", line.TakeLast(3))}");
            }
        }
        Print($"{name}: {line.Count} keys");
    }

    private void PrintLevels(TreeNode<int> root)
    {
        foreach (var (key, depth) in LevelOrder(root))
        {
        S:
            Print($"{new string('.', depth)}{key}");
        }
    }

    private void Merge(TreeNode<int> a, TreeNode<int> b)
    {
        using var left = InOrder(a).GetEnumerator();
        using var right = InOrder(b).GetEnumerator();
        var hasLeft = left.MoveNext();
        var hasRight = right.MoveNext();
        var merged = new List<int>();
        while (hasLeft || hasRight)
        {
            if (hasRight && (!hasLeft || right.Current < left.Current))
            {
                merged.Add(right.Current);
                hasRight = right.MoveNext();
            }
            else
            {
                merged.Add(left.Current);
                hasLeft = left.MoveNext();
            }
        T:
            if (merged.Count % 5 == 0)
            {
                Print("merged " + string.Join(" ", merged.TakeLast(5)));
            }
        }
        Print($"merged {merged.Count} keys");
    }
}
