namespace Midflight.Examples.Banking;

/// <summary>
/// The customers' terminal: opens accounts, then issues a steady stream of deposits, withdrawals and
/// prints — a burst of requests every tenth of a second — for ten minutes, and at the end prints
/// every account it opened. Each request is numbered; the reply carries the number back.
/// </summary>
public sealed class Client : Module
{
    private const int Accounts = 12;
    private const int Burst = 8;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RunFor = TimeSpan.FromMinutes(10);

    private int _number;

    protected override void Run()
    {
        var random = new Random(7);
        var until = Time.GetUtcNow() + RunFor;
        var opened = new List<int>();
        for (var i = 0; i < Accounts; i++)
        {
            opened.Add((int)Request(Requests.Open, 0, 0, $"Customer {i + 1}")[1].AsInteger());
        }
        var applied = 0;
        while (Time.GetUtcNow() < until)
        {
            for (var i = 0; i < Burst; i++)
            {
                var acnt = opened[random.Next(opened.Count)];
                var reply = random.Next(10) switch
                {
                    < 5 => Request(Requests.Deposit, acnt, random.Next(1, 101), ""),
                    < 9 => Request(Requests.Withdraw, acnt, -random.Next(1, 151), ""),
                    _ => Request(Requests.Print, acnt, 0, ""),
                };
                applied += reply[1].AsInteger() == 1 ? 1 : 0;
            }
            if (_number % 800 < Burst)
            {
                Print($"{_number} requests answered, {applied} deposits and withdrawals applied");
            }
            Delay(Pace);
        }
        foreach (var acnt in opened)
        {
            var reply = Request(Requests.Print, acnt, 0, "");
            Print($"account {acnt} ({reply[2].AsString()}): balance {reply[1].AsInteger()}");
        }
    }

    private Message Request(string trans, int acnt, int amt, string name) => Call("requests", Message.Of(++_number, trans, acnt, amt, name));
}
