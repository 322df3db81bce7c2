// points: R
// An AVL tree: recursive insert that rebalances with single and double rotations on the way back up,
// chosen by a switch expression; stops in each frame of the insert once its subtree is balanced.
namespace Corpus;

public sealed class AvlNode(int key)
{
    public int Key { get; } = key;

    public int Height { get; set; } = 1;

    public AvlNode? Left { get; set; }

    public AvlNode? Right { get; set; }
}

public sealed class AvlTree : Midflight.Module
{
    private AvlNode? _root;
    private int _rotations;

    protected override void Run()
    {
        int[] keys = [10, 20, 30, 40, 50, 25, 5, 4, 3, 35, 45, 46, 47];
        foreach (var key in keys)
        {
            _root = Insert(_root, key);
            Print($"after {key}: root {_root.Key}, height {Height(_root)}, rotations {_rotations}");
        }
        Print("shape " + Shape(_root));
    }

    private static int Height(AvlNode? node) => node?.Height ?? 0;

    private static int Balance(AvlNode node) => Height(node.Left) - Height(node.Right);

    private static void Update(AvlNode node) => node.Height = 1 + Math.Max(Height(node.Left), Height(node.Right));

    private static string Shape(AvlNode? node) => node switch
    {
        null => ".",
        { Left: null, Right: null } => node.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => $"({Shape(node.Left)} {node.Key} {Shape(node.Right)})",
    };

    private AvlNode Insert(AvlNode? node, int key)
    {
        if (node is null)
        {
            return new AvlNode(key);
        }
        if (key < node.Key)
        {
            node.Left = Insert(node.Left, key);
        }
        else if (key > node.Key)
        {
            node.Right = Insert(node.Right, key);
        }
        else
        {
            return node;
        }

        Update(node);
        var balance = Balance(node);
    R:
        return balance switch
        {
            > 1 when key < node.Left!.Key => RotateRight(node),
            > 1 => RotateLeftRight(node),
            < -1 when key > node.Right!.Key => RotateLeft(node),
            < -1 => RotateRightLeft(node),
            _ => node,
        };
    }

    private AvlNode RotateRight(AvlNode top)
    {
        var pivot = top.Left!;
        top.Left = pivot.Right;
        pivot.Right = top;
        Update(top);
        Update(pivot);
        _rotations++;
        Print($"  rotate right at {top.Key}");
        return pivot;
    }

    private AvlNode RotateLeft(AvlNode top)
    {
        var pivot = top.Right!;
        top.Right = pivot.Left;
        pivot.Left = top;
        Update(top);
        Update(pivot);
        _rotations++;
        Print($"  rotate left at {top.Key}");
        return pivot;
    }

    private AvlNode RotateLeftRight(AvlNode top)
    {
        top.Left = RotateLeft(top.Left!);
        return RotateRight(top);
    }

    private AvlNode RotateRightLeft(AvlNode top)
    {
        top.Right = RotateRight(top.Right!);
        return RotateLeft(top);
    }
}
