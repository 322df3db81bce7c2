namespace Midflight.Examples.Ledger;

/// <summary>The teller keeping its balance in cents: the running version's balance, in units, is converted once.</summary>
public sealed class Teller : Module
{
    private long cents;
    private int deposits;

    [StateMapper("balance")]
    private void FromUnits(long balance) => cents = checked(balance * 100);

    protected override void Run()
    {
        Print($"teller (cents) starts with {cents} cents after {deposits} deposits");
        int amount;
        while (true)
        {
        R:
            amount = Read<int>("deposits");
            cents += amount * 100L;
            deposits++;
            CommitState();
            Write("audit", Message.Of(deposits, amount));
            Write("deposits", Message.Of(cents / 100));
        }
    }
}
