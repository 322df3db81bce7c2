// points: R
// A left-leaning red-black tree (Sedgewick's): recursive put with rotations and colour flips on the way
// up, the module class split in two partial declarations; stops in every frame of the put.
namespace Corpus;

public enum LlrbColor
{
    Red,
    Black,
}

public sealed class LlrbNode(string key, int value)
{
    public string Key = key;
    public int Value = value;
    public LlrbColor Color = LlrbColor.Red;
    public int Size = 1;
    public LlrbNode? Left;
    public LlrbNode? Right;
}

public sealed partial class LlrbTree : Midflight.Module
{
    private LlrbNode? _root;

    protected override void Run()
    {
        const string keys = "SEARCHEXAMPLE";
        for (var i = 0; i < keys.Length; i++)
        {
            Put(keys[i].ToString(), i);
            Print($"put {keys[i]}={i}: size {Size(_root)}, height {Height(_root)}, black height {BlackHeight(_root)}");
        }
        Print(string.Join(" ", Keys(_root).Select(n => $"{n.Key}{n.Value}{(n.Color == LlrbColor.Red ? "*" : "")}")));
    }

    private void Put(string key, int value)
    {
        _root = Put(_root, key, value);
        _root.Color = LlrbColor.Black;
    }

    private LlrbNode Put(LlrbNode? node, string key, int value)
    {
        if (node is null)
        {
            return new LlrbNode(key, value);
        }
        var order = string.CompareOrdinal(key, node.Key);
        if (order < 0)
        {
            node.Left = Put(node.Left, key, value);
        }
        else if (order > 0)
        {
            node.Right = Put(node.Right, key, value);
        }
        else
        {
            node.Value = value;
        }
    R:
        if (IsRed(node.Right) && !IsRed(node.Left))
        {
            node = RotateLeft(node);
        }
        if (IsRed(node.Left) && IsRed(node.Left!.Left))
        {
            node = RotateRight(node);
        }
        if (IsRed(node.Left) && IsRed(node.Right))
        {
            FlipColors(node);
        }
        node.Size = 1 + Size(node.Left) + Size(node.Right);
        return node;
    }
}

public sealed partial class LlrbTree
{
    private static bool IsRed(LlrbNode? node) => node is { Color: LlrbColor.Red };

    private static int Size(LlrbNode? node) => node?.Size ?? 0;

    private static int Height(LlrbNode? node) => node is null ? 0 : 1 + Math.Max(Height(node.Left), Height(node.Right));

    private static int BlackHeight(LlrbNode? node) => node is null ? 0 : BlackHeight(node.Left) + (IsRed(node) ? 0 : 1);

    private static IEnumerable<LlrbNode> Keys(LlrbNode? node) =>
        node is null ? [] : Keys(node.Left).Append(node).Concat(Keys(node.Right));

    private LlrbNode RotateLeft(LlrbNode node)
    {
        var right = node.Right!;
        node.Right = right.Left;
        right.Left = node;
        right.Color = node.Color;
        node.Color = LlrbColor.Red;
        right.Size = node.Size;
        node.Size = 1 + Size(node.Left) + Size(node.Right);
        Print($"  rotate left at {node.Key}");
        return right;
    }

    private LlrbNode RotateRight(LlrbNode node)
    {
        var left = node.Left!;
        node.Left = left.Right;
        left.Right = node;
        left.Color = node.Color;
        node.Color = LlrbColor.Red;
        left.Size = node.Size;
        node.Size = 1 + Size(node.Left) + Size(node.Right);
        Print($"  rotate right at {node.Key}");
        return left;
    }

    private void FlipColors(LlrbNode node)
    {
        node.Color = LlrbColor.Red;
        node.Left!.Color = LlrbColor.Black;
        node.Right!.Color = LlrbColor.Black;
        Print($"  flip colours at {node.Key}");
    }
}
