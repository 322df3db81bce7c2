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

    /// <summary>As the running version, until its <paramref name="adjustment"/>th deposit or withdrawal, which throws.</summary>
    public static ModuleSource FailingAt(string name, int adjustment) => BreakingAt(name, adjustment, """throw new InvalidOperationException("BookKeeper lost its way");""");

    /// <summary>
    /// As the running version, until its <paramref name="adjustment"/>th deposit or withdrawal, in
    /// which it prints <see cref="Lost"/> and loops for ever, sleeping, never giving control back.
    /// </summary>
    public static ModuleSource LoopingAt(string name, int adjustment) => BreakingAt(name, adjustment, $$"""
        Print("{{Lost}}");
                    while (adjustments > 0)
                    {
                        System.Threading.Thread.Sleep(20);
                    }
        """);

    public const string Lost = "lost in a loop";

    private static ModuleSource BreakingAt(string name, int adjustment, string breaking) => Build(name, s => s
        .Replace("    private Message AdjustBalance(int acnt, int amt)\n    {", $$"""
                private int adjustments;

                private Message AdjustBalance(int acnt, int amt)
                {
                    if (++adjustments == {{adjustment}})
                    {
                        {{breaking}}
                    }
            """, StringComparison.Ordinal));

    /// <summary>Without the field <c>availAccountNo</c>, and no mapper for it: it opens no more accounts.</summary>
    public static ModuleSource WithoutAvailAccountNo(string name) => Build(name, s => s
        .Replace("    private int availAccountNo = Requests.MinAccountNo;\n", "", StringComparison.Ordinal)
        .Replace("availAccountNo <= Requests.MaxAccountNo ? availAccountNo++ : -1", "Array.IndexOf(data, null) is var free and >= 0 ? free + Requests.MinAccountNo : -1", StringComparison.Ordinal));

    /// <summary>With <c>R</c> moved into a procedure of its own: a frame stopped at <c>R</c> in <c>Run</c> has nowhere to resume.</summary>
    public static ModuleSource ReadingInNext(string name) => Build(name, s => s
        .Replace("        R:\n            call = Read(\"ledger\");", "            call = Next();", StringComparison.Ordinal)
        .Replace("    private Message Serve(", "    private Message Next()\n    {\n        Message call;\n    R:\n        call = Read(\"ledger\");\n        return call;\n    }\n\n    private Message Serve(", StringComparison.Ordinal));
}
