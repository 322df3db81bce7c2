namespace Midflight.Examples.Banking;

/// <summary>
/// Figure 1-2: manages the available account numbers and the name and balance of each account, in
/// an array indexed by account number. Each call on its ledger interface is one of the procedures
/// the figure exports. Its reconfiguration point R is the read of the next call.
/// </summary>
[ProcedureUpdates]
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
        data[acnt - Requests.MinAccountNo].Balance += amt;
        return Message.Of(1, "");
    }

    private static Message Done(Action action)
    {
        action();
        return Message.Of(0, "");
    }

    /// <summary>An account: its name, stored in 40 characters as NameStorage keeps it, and its balance.</summary>
    private sealed class Account
    {
        public string Name = "";
        public int Balance;
    }
}
