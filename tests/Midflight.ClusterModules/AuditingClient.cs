namespace Midflight.ClusterModules;

/// <summary>
/// A customers' terminal for the Banking example that keeps its own books: it opens accounts, then
/// issues a steady stream of deposits and withdrawals, following in its own ledger every one the bank
/// says it applied, and every so often asks the bank for each balance and prints whether the bank's
/// books and its own agree. A request lost, repeated or answered out of turn shows as books wrong.
/// </summary>
public sealed class AuditingClient : Module
{
    private const int Accounts = 6;
    private const int Burst = 8;
    private const int BurstsPerAudit = 20;

    private int _number;

    protected override void Run()
    {
        var random = new Random(7);
        var ledger = new Dictionary<int, long>();
        for (var i = 0; i < Accounts; i++)
        {
            ledger[(int)Request("Open", 0, 0, $"Customer {i + 1}")[1].AsInteger()] = 0;
        }
        var accounts = ledger.Keys.Order().ToList();
        for (var audit = 1; ; audit++)
        {
            for (var burst = 0; burst < BurstsPerAudit; burst++)
            {
                for (var i = 0; i < Burst; i++)
                {
                    var acnt = accounts[random.Next(accounts.Count)];
                    var amount = random.Next(2) == 0 ? random.Next(1, 101) : -random.Next(1, 151);
                    if (Request(amount > 0 ? "Deposit" : "Withdraw", acnt, amount, "")[1].AsInteger() == 1)
                    {
                        ledger[acnt] += amount;
                    }
                }
                Delay(TimeSpan.FromMilliseconds(10));
            }
            var wrong = accounts.Select(a => (Account: a, Bank: Request("Print", a, 0, "")[1].AsInteger()))
                .Where(a => a.Bank != ledger[a.Account])
                .Select(a => $"account {a.Account}: the bank says {a.Bank}, the ledger {ledger[a.Account]}")
                .ToList();
            Print(wrong.Count == 0 ? $"audit {audit} after {_number} requests: books right" : $"audit {audit} after {_number} requests: books wrong: {string.Join("; ", wrong)}");
        }
    }

    private Message Request(string trans, int acnt, int amt, string name)
    {
        var number = ++_number;
        var reply = Call("requests", Message.Of(number, trans, acnt, amt, name));
        if (reply[0].AsInteger() != number)
        {
            Print($"books wrong: request {number} was answered with the reply to {reply[0].AsInteger()}");
        }
        return reply;
    }
}
