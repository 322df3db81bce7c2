namespace Midflight.Examples.Ledger;

/// <summary>The auditor counting in a long: the running version's count is converted once.</summary>
public sealed class Auditor : Module
{
    private long count;
    private long total;

    [StateMapper("entries")]
    private void FromEntries(int entries) => count = entries;

    protected override void Run()
    {
        Print($"auditor (long) starts with {count} entries, total {total}");
        Message entry;
        while (true)
        {
        R:
            entry = Read("audit");
            count++;
            total += entry[1].AsInteger();
            CommitState();
        }
    }
}
