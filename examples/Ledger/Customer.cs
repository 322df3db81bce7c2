namespace Midflight.Examples.Ledger;

/// <summary>
/// Deposits 1 to 9, in turn, a hundred times a second, and prints the balance the teller answers
/// every hundredth deposit. It keeps nothing: started again, it begins again at its first deposit.
/// </summary>
public sealed class Customer : Module
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(10);

    protected override void Run()
    {
        for (var n = 1; ; n++)
        {
            var balance = Call<long>("bank", Message.Of(1 + ((n - 1) % 9)));
            if (n % 100 == 0)
            {
                Print($"deposit {n}: balance {balance}");
            }
            Delay(Pace);
        }
    }
}
