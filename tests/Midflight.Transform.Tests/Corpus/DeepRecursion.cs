// points: R
// A stack hundreds of frames deep, moved in the middle.
namespace Corpus;

public sealed class DeepRecursion : Midflight.Module
{
    protected override void Run()
    {
        var depth = Descend(300, 0);
        Print($"deepest {depth}");
    }

    private int Descend(int remaining, int depth)
    {
        if (remaining == 0)
        {
            return depth;
        }
        if (remaining % 50 == 0)
        {
        R:
            Print($"at depth {depth}");
        }
        var deepest = Descend(remaining - 1, depth + 1);
        return deepest;
    }
}
