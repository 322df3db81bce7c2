// points: R, S
// A point that labels a call on the path: the point comes first, and resuming at the call inside it
// does not stop at the point again.
namespace Corpus;

public sealed class PointOnCall : Midflight.Module
{
    protected override void Run()
    {
        for (var i = 0; i < 4; i++)
        {
        R:
            Visit(i, 2);
        }
    }

    private void Visit(int i, int levels)
    {
    S:
        Print($"visit {i} level {levels}");
        if (levels > 0)
        {
            Visit(i, levels - 1);
        }
    }
}
