namespace Midflight.Examples.Banking;

/// <summary>
/// The requests of Figure 1-1 and the calls RequestHandler makes on BookKeeper, by the names both
/// sides use on the wire.
/// </summary>
public static class Requests
{
    public const string Open = "Open";
    public const string Deposit = "Deposit";
    public const string Withdraw = "Withdraw";
    public const string Print = "Print";

    // BookKeeper's exported procedures (Figure 1-2), one call each on its ledger interface.
    public const string GetNewAccount = "GetNewAccount";
    public const string StoreName = "StoreName";
    public const string GetName = "GetName";
    public const string AdjustBalance = "AdjustBalance";
    public const string GetBalance = "GetBalance";

    public const int MinAccountNo = 100;
    public const int MaxAccountNo = 200;
}
