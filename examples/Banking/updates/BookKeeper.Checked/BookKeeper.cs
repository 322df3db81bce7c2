namespace Midflight.Examples.Banking;

/// <summary>
/// BookKeeper with Figure 1-4's AdjustBalance: a withdrawal that would overdraw the account, or a
/// deposit that would pass its limit, is refused with a message and changes nothing. The rest is
/// Figure 1-2 as it runs, so the running version's state fits as it is.
/// </summary>
public sealed class BookKeeper : Module
{
    private Account[] data = new Account[Requests.MaxAccountNo - Requests.MinAccountNo + 1];
    private int availAccountNo = Requests.MinAccountNo;

    protected override void Run()
    {
        Message call;
        while (true)
        {
        R:
            call = Read("ledger");
            Write("ledger", Serve(call[0].AsString(), (int)call[1].AsInteger(), (int)call[2].AsInteger(), call[3].AsString()));
        }
    }

    private Message Serve(string procedure, int acnt, int amt, string str) => procedure switch
    {
        Requests.GetNewAccount => Message.Of(GetNewAccount(), ""),
        Requests.StoreName => Done(() => data[acnt - Requests.MinAccountNo] = new Account { Name = NameStorage.ChangeIntoName(str) }),
        Requests.GetName => Message.Of(0, data[acnt - Requests.MinAccountNo]?.Name ?? ""),
        Requests.AdjustBalance => AdjustBalance(acnt, amt),
        Requests.GetBalance => Message.Of(data[acnt - Requests.MinAccountNo]?.Balance ?? 0, ""),
        _ => Message.Of(-1, $"BookKeeper has no procedure '{procedure}'"),
    };

    private int GetNewAccount() => availAccountNo <= Requests.MaxAccountNo ? availAccountNo++ : -1;

    private Message AdjustBalance(int acnt, int amt)
    {
        var account = data[acnt - Requests.MinAccountNo];
        if (amt < 0 && account.Balance < -amt)
        {
            return Message.Of(0, $"account {acnt} would be overdrawn: balance {account.Balance}, withdrawal {-amt}");
        }
        if (amt > 0 && int.MaxValue - amt < account.Balance)
        {
            return Message.Of(0, $"account {acnt} would exceed its limit: balance {account.Balance}, deposit {amt}");
        }
        account.Balance += amt;
        return Message.Of(1, "");
    }

    private static Message Done(Action action)
    {
        action();
        return Message.Of(0, "");
    }

    private sealed class Account
    {
        public string Name = "";
        public int Balance;
    }
}
