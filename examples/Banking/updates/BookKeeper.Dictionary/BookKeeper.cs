namespace Midflight.Examples.Banking;

/// <summary>
/// BookKeeper restructured: the accounts live in a dictionary keyed by account number, of a new
/// record type that also counts each account's transactions. The running version's array of
/// records is converted by a state mapper (PODUS's mapper procedure) as the update switches;
/// AdjustBalance refuses overdrafts as Figure 1-4's does.
/// </summary>
public sealed class BookKeeper : Module
{
    private readonly Dictionary<int, Account> accounts = [];
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

    /// <summary>The old version's <c>data</c>: an array indexed from the first account number, with a null where none was opened.</summary>
    [StateMapper("data")]
    private void FromArray(OldAccount?[] data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] is { } old)
            {
                accounts[i + Requests.MinAccountNo] = new Account(old.Name, old.Balance, Transactions: 0);
            }
        }
    }

    private Message Serve(string procedure, int acnt, int amt, string str) => procedure switch
    {
        Requests.GetNewAccount => Message.Of(GetNewAccount(), ""),
        Requests.StoreName => Done(() => accounts[acnt] = new Account(NameStorage.ChangeIntoName(str), 0, 0)),
        Requests.GetName => Message.Of(0, accounts.GetValueOrDefault(acnt)?.Name ?? ""),
        Requests.AdjustBalance => AdjustBalance(acnt, amt),
        Requests.GetBalance => Message.Of(accounts.GetValueOrDefault(acnt)?.Balance ?? 0, ""),
        _ => Message.Of(-1, $"BookKeeper has no procedure '{procedure}'"),
    };

    private int GetNewAccount() => availAccountNo <= Requests.MaxAccountNo ? availAccountNo++ : -1;

    private Message AdjustBalance(int acnt, int amt)
    {
        var account = accounts[acnt];
        if (amt < 0 && account.Balance < -amt)
        {
            return Message.Of(0, $"account {acnt} would be overdrawn: balance {account.Balance}, withdrawal {-amt}");
        }
        if (amt > 0 && long.MaxValue - amt < account.Balance)
        {
            return Message.Of(0, $"account {acnt} would exceed its limit: balance {account.Balance}, deposit {amt}");
        }
        accounts[acnt] = account with { Balance = account.Balance + amt, Transactions = account.Transactions + 1 };
        return Message.Of(1, "");
    }

    private static Message Done(Action action)
    {
        action();
        return Message.Of(0, "");
    }

    private sealed record Account(string Name, long Balance, int Transactions);

    /// <summary>The running version's account record, by its shape: what the mapper reads the old array as.</summary>
    private sealed class OldAccount
    {
        public string Name = "";
#pragma warning disable CS0649 // set by the state mapper, which reads the old array's records into this shape
        public int Balance;
#pragma warning restore CS0649
    }
}
