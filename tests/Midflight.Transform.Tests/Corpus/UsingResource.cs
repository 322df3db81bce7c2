// points: R
// using on the path: the resource moves with the stack, disposed once, at the end of its block, by the
// instance that finishes the block.
namespace Corpus;

public sealed class Ledger : IDisposable
{
    public static int Open { get; private set; }

    public Ledger() => Open++;

    public int Lines { get; set; }

    public void Dispose() => Open--;
}

public sealed class UsingResource : Midflight.Module
{
    protected override void Run()
    {
        for (var batch = 0; batch < 3; batch++)
        {
            using (var ledger = new Ledger())
            {
                for (var line = 0; line < 3; line++)
                {
                R:
                    Print($"batch {batch} line {line} open {Ledger.Open > 0} ledger {ledger.Lines++}");
                }
            }
        }
        Print($"open at end {Ledger.Open}");
    }
}
