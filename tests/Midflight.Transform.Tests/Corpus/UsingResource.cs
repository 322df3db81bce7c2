// points: R
// using on the path: the resource is released when the stack unwinds for a capture and acquired again
// where the new instance resumes. The program prints only what does not depend on that.
namespace Corpus;

public sealed class Ledger : IDisposable
{
    public static int Open { get; private set; }

    public Ledger() => Open++;

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
                    Print($"batch {batch} line {line} open {Ledger.Open > 0}");
                }
            }
        }
        Print($"open at end {Ledger.Open}");
    }
}
