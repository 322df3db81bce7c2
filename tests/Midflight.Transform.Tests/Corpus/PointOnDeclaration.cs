// points: R
// A point that labels a declaration: its variable is declared at the top of the block, the point
// stands on its assignment.
namespace Corpus;

public sealed class PointOnDeclaration : Midflight.Module
{
    protected override void Run()
    {
        var total = 0;
        for (var batch = 1; batch <= 5; batch++)
        {
        R:
            var sum = batch * batch;
            total += sum;
            Print($"batch {batch} sum {sum} total {total}");
        }
    }
}
