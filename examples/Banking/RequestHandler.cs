namespace Midflight.Examples.Banking;

/// <summary>
/// Figure 1-3: reads one request at a time from the terminal (here the client module) and takes the
/// appropriate action, calling on BookKeeper's procedures. Every request gets one reply: its
/// number, a value (the account number, the balance, or 1 if a deposit or withdrawal was applied
/// and 0 if it was refused) and a text.
/// </summary>
public sealed class RequestHandler : Module
{
    protected override void Run()
    {
        while (true)
        {
            var request = Read("requests");
            var (number, trans, acnt, amt, name) = ((int)request[0].AsInteger(), request[1].AsString(), (int)request[2].AsInteger(), (int)request[3].AsInteger(), request[4].AsString());
            Write("requests", trans switch
            {
                Requests.Deposit or Requests.Withdraw => AdjustBalance(number, acnt, amt),
                Requests.Open => OpenAccount(number, name),
                Requests.Print => PrintAccount(number, acnt),
                _ => Message.Of(number, -1, $"unknown request '{trans}'"),
            });
        }
    }

    private Message AdjustBalance(int number, int acnt, int amt)
    {
        var result = Ledger(Requests.AdjustBalance, acnt, amt, "");
        return Message.Of(number, result[0], result[1]);
    }

    private Message OpenAccount(int number, string name)
    {
        var acnt = (int)Ledger(Requests.GetNewAccount, 0, 0, "")[0].AsInteger();
        if (acnt < 0)
        {
            return Message.Of(number, -1, "no account number is left");
        }
        Ledger(Requests.StoreName, acnt, 0, name);
        return Message.Of(number, acnt, name);
    }

    private Message PrintAccount(int number, int acnt)
    {
        var name = Ledger(Requests.GetName, acnt, 0, "")[1].AsString();
        var balance = Ledger(Requests.GetBalance, acnt, 0, "")[0];
        return Message.Of(number, balance, name);
    }

    private Message Ledger(string procedure, int acnt, int amt, string str) => Call("ledger", Message.Of(procedure, acnt, amt, str));
}
