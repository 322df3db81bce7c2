// points: R
// A 2-d tree of struct points built by median splits, queried for nearest neighbours by a recursive search
// that prunes the far side; the best so far is a struct passed by ref; stops at each node visited.
namespace Corpus;

public struct KdPoint(int x, int y)
{
    public int X = x;
    public int Y = y;

    public readonly long DistanceSquared(KdPoint other) =>
        (long)(X - other.X) * (X - other.X) + (long)(Y - other.Y) * (Y - other.Y);

    public override readonly string ToString() => $"({X},{Y})";
}

public struct KdBest
{
    public KdPoint Point;
    public long DistanceSquared;
    public int Visited;
}

public sealed class KdTreeNode(KdPoint point, int axis)
{
    public KdPoint Point { get; } = point;

    public int Axis { get; } = axis;

    public KdTreeNode? Low { get; set; }

    public KdTreeNode? High { get; set; }
}

public sealed class KdTree : Midflight.Module
{
    protected override void Run()
    {
        KdPoint[] points =
        [
            new(2, 3), new(5, 4), new(9, 6), new(4, 7), new(8, 1), new(7, 2),
            new(1, 9), new(6, 8), new(3, 1), new(9, 9), new(0, 5), new(5, 0),
        ];
        var root = Build(points, 0)!;
        foreach (var target in new KdPoint[] { new(9, 2), new(3, 6), new(6, 6), new(0, 0) })
        {
            var best = new KdBest { DistanceSquared = long.MaxValue };
            Nearest(root, target, ref best);
            Print($"nearest to {target}: {best.Point}, distance^2 {best.DistanceSquared}, {best.Visited} of {points.Length} visited");
        }
    }

    private static KdTreeNode? Build(Span<KdPoint> points, int depth)
    {
        if (points.Length == 0)
        {
            return null;
        }
        var axis = depth % 2;
        points.Sort((a, b) => axis == 0 ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        var median = points.Length / 2;
        return new KdTreeNode(points[median], axis)
        {
            Low = Build(points[..median], depth + 1),
            High = Build(points[(median + 1)..], depth + 1),
        };
    }

    private void Nearest(KdTreeNode? node, KdPoint target, ref KdBest best)
    {
        if (node is null)
        {
            return;
        }
        best.Visited++;
        var distance = node.Point.DistanceSquared(target);
        if (distance < best.DistanceSquared)
        {
            best.DistanceSquared = distance;
            best.Point = node.Point;
        }
        var delta = node.Axis == 0 ? target.X - node.Point.X : target.Y - node.Point.Y;
        var (near, far) = delta < 0 ? (node.Low, node.High) : (node.High, node.Low);
    R:
        Print($"  at {node.Point} split on {(node.Axis == 0 ? "x" : "y")}, best {best.Point}");
        Nearest(near, target, ref best);
        if ((long)delta * delta < best.DistanceSquared)
        {
            Nearest(far, target, ref best);
        }
    }
}
