// points: R
// Recursion as in the Monitor's compute: a point deep in a recursive procedure, a ref parameter.
namespace Corpus;

public sealed class Recursion : Midflight.Module
{
    protected override void Run()
    {
        for (var round = 1; round <= 3; round++)
        {
            var total = 0L;
            Sum(round * 4, ref total);
            Print($"round {round}: {total}");
        }
    }

    private void Sum(int n, ref long total)
    {
        if (n == 0)
        {
            return;
        }
        Sum(n - 1, ref total);
    R:
        Print($"add {n}");
        total += n;
    }
}
