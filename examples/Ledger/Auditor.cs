namespace Midflight.Examples.Ledger;

/// <summary>Counts the deposits the teller committed, and their total.</summary>
public sealed class Auditor : Module
{
    private int entries;
    private long total;

    protected override void Run()
    {
        Print($"auditor (int) starts with {entries} entries, total {total}");
        Message entry;
        while (true)
        {
        R:
            entry = Read("audit");
            entries++;
            total += entry[1].AsInteger();
            CommitState();
        }
    }
}
