namespace Midflight.Examples.Ledger;

/// <summary>
/// Keeps the balance, in whole units, and the number of deposits. Each deposit is committed — the
/// fields written to the node's stable store — before the auditor is told of it and the customer
/// answered, so that what they saw is never lost.
/// </summary>
public sealed class Teller : Module
{
    private long balance;
    private int deposits;

    protected override void Run()
    {
        Print($"teller (units) starts with balance {balance} after {deposits} deposits");
        int amount;
        while (true)
        {
        R:
            amount = Read<int>("deposits");
            balance += amount;
            deposits++;
            CommitState();
            Write("audit", Message.Of(deposits, amount));
            Write("deposits", Message.Of(balance));
        }
    }
}
