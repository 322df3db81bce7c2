// points: A, B, C
// Several points in one method and in another; points share their frames' sites.
namespace Corpus;

public sealed class ManyPoints : Midflight.Module
{
    protected override void Run()
    {
        var x = 1;
        while (x < 200)
        {
        A:
            Print($"a {x}");
            x = Grow(x);
        B:
            Print($"b {x}");
            x += 3;
        }
    }

    private int Grow(int x)
    {
        var y = x * 3;
    C:
        Print($"grow {x} -> {y}");
        return y;
    }
}
