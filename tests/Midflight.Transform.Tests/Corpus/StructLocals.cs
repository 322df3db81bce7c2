// points: R
// Struct values and nullable structs in frames are copied, not shared.
namespace Corpus;

public struct Point
{
    public int X;
    public int Y;

    public override readonly string ToString() => $"({X},{Y})";
}

public sealed class StructLocals : Midflight.Module
{
    protected override void Run()
    {
        var p = new Point { X = 1, Y = 2 };
        Point? maybe = null;
        var path = new List<Point>();
        for (var i = 0; i < 5; i++)
        {
            p.X += i;
            p.Y *= 2;
            path.Add(p);
            maybe = i % 2 == 0 ? p : null;
        R:
            Print($"p={p} maybe={maybe?.ToString() ?? "none"} path={string.Join("", path)}");
        }
    }
}
