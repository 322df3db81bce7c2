namespace Midflight.Runtime.Tests;

/// <summary>
/// The consistency check: an update that does not fit the running program is refused with its
/// reason, and the old version runs on with its state intact — the books stay right.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class UpdateRefusalTests
{
    private static async Task RefusedAsync(Midflight.Model.ModuleSource version, params string[] reasons)
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);

        var reason = await bank.RefusedAsync(node => BankingRun.UpdateAsync(node, version));

        foreach (var expected in reasons)
        {
            Assert.Contains(expected, reason, StringComparison.Ordinal);
        }
        Assert.Equal("Banking.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        await bank.RunAsync(100);
        await bank.FinishAsync();
        Assert.Empty(bank.VerifyBooks()); // the first version refuses nothing: it is the one that ran throughout
    }

    [Fact]
    public Task A_changed_interface_pattern_with_no_adapter_is_refused() =>
        RefusedAsync(
            BookKeeperVersions.Build("NarrowLedger", s => s.Replace("call[3].AsString()", "\"\"", StringComparison.Ordinal), ledger: "{string, integer, integer}"),
            "interface 'ledger' carries {string, integer, integer, string}, and the new version's carries {string, integer, integer}",
            "[InterfaceAdapter(\"ledger\")]");

    [Fact]
    public Task A_removed_field_with_no_mapper_is_refused() =>
        RefusedAsync(
            BookKeeperVersions.WithoutAvailAccountNo("NoAvailAccountNo"),
            "field 'availAccountNo' (System.Int32) is gone from the new version, and no [StateMapper(\"availAccountNo\")] converts it");

    [Fact]
    public Task A_new_version_that_cannot_restore_the_resume_site_is_refused() =>
        RefusedAsync(
            BookKeeperVersions.ReadingInNext("PointInNext"),
            "cannot resume the stack of bookkeeper",
            "site 1 of 'Run()' at R in the running version, and calls Next() in the new one");

    [Fact]
    public async Task A_changed_pattern_with_an_adapter_is_taken_and_the_adapter_converts_every_call()
    {
        // The new version's ledger takes a fifth field, a branch; the adapter gives calls in the old pattern branch 0.
        var version = BookKeeperVersions.Build("BranchLedger", BookKeeperVersions.Adding("""
                [InterfaceAdapter("ledger")]
                private static Message WithBranch(Message call) => Message.Of(call[0], call[1], call[2], call[3], 0);
            """), ledger: "{string, integer, integer, string, integer}");
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);

        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, version));
        await bank.RunAsync(100);
        await bank.FinishAsync();

        Assert.Equal("versions/BranchLedger.dll", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        Assert.Contains(bank.Recorder.ReadOn("bookkeeper", "ledger"), call => call.Count == 5);
        bank.VerifyBooks();
    }
}
