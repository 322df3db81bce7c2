using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>New versions of Banking's BookKeeper for the tests: the running code with one change each.</summary>
internal static class BookKeeperVersions
{
    public const string Ledger = "{string, integer, integer, string}";

    /// <summary>BookKeeper's specification, with the pattern its ledger interface is built for.</summary>
    private static string Specification(string name, string ledger) => $$"""
        module bookkeeper {
          source = "versions/{{name}}.dll#{{BankingRun.BookKeeperType}}" ::
          server interface ledger pattern = {{ledger}} returns {integer, string} ::
          reconfiguration point = {R} :: }
        module update { instance bookkeeper }
        """;

    /// <summary>The running BookKeeper (Figure 1-2) with <paramref name="change"/> applied to its source; the change must apply.</summary>
    public static ModuleSource Build(string name, Func<string, string> change, string ledger = Ledger)
    {
        var original = BankingRun.Source("BookKeeper.cs");
        var changed = change(original);
        Assert.NotEqual(original, changed);
        return ModuleVersions.Build(name, Specification(name, ledger),
            ("BookKeeper.cs", changed), ("Requests.cs", BankingRun.Source("Requests.cs")), ("NameStorage.cs", BankingRun.Source("NameStorage.cs")));
    }

    /// <summary>Adds members to the class.</summary>
    public static Func<string, string> Adding(string members) => source => source.Replace(
        "    private int GetNewAccount()", members + "\n\n    private int GetNewAccount()", StringComparison.Ordinal);
}
