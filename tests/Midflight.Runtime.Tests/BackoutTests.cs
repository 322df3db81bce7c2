using Microsoft.Extensions.Logging;
using Midflight.Control.Tests;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Backout (DMERT): a new version that fails while restoring, or in its health window, gives way to
/// the old one, reinstated from the snapshot taken at the switch; and rollback by hand.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class BackoutTests
{
    [Fact]
    public async Task A_new_version_that_throws_while_restoring_is_backed_out_and_the_old_resumes_from_the_same_snapshot()
    {
        var version = BookKeeperVersions.Build("MapperThrows", s => s
            .Replace("private Account[] data", "private Account[] accounts", StringComparison.Ordinal)
            .Replace("data[", "accounts[", StringComparison.Ordinal)
            .Replace("    private int GetNewAccount()", """
                    [StateMapper("data")]
                    private void FromData(Account[] data) => throw new InvalidOperationException("the mapper is broken");

                    private int GetNewAccount()
                """, StringComparison.Ordinal));
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);

        var reason = await bank.RefusedAsync(node => BankingRun.UpdateAsync(node, version));

        Assert.Contains("state mapper 'FromData' for field 'data' threw: the mapper is broken", reason, StringComparison.Ordinal);
        Assert.Equal("Banking.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        await bank.RunAsync(100);
        await bank.FinishAsync();
        Assert.Empty(bank.VerifyBooks());
    }

    [Fact]
    public async Task A_new_version_that_fails_in_its_health_window_is_backed_out_with_what_it_read_replayed()
    {
        // As the running version, until its twentieth deposit or withdrawal, which throws: the
        // handler is left waiting for that reply, and the new version has answered many calls.
        var version = BookKeeperVersions.FailingAt("FailsLater", 20);
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);

        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, version));
        await bank.RunAsync(300);

        Assert.Equal("Banking.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        Assert.Contains(bank.Recorder.Trace, t => t is { Instance: "bookkeeper", Written: true });
        await bank.FinishAsync();
        Assert.Empty(bank.VerifyBooks());
    }

    [Fact]
    public async Task A_new_version_that_loops_for_ever_is_cut_off_and_backed_out_within_its_health_window_the_books_exact_and_the_client_going_on()
    {
        // As the running version, until its twentieth deposit or withdrawal, in which it loops for
        // ever: the handler waits for that reply, and the client for the handler's.
        var version = BookKeeperVersions.LoopingAt("LoopsForever", 20);
        using var log = new LogCollector();
        using var logging = new LoggerFactory([log]);
        var progressTimeout = TimeSpan.FromSeconds(2);
        await using var bank = await BankingRun.StartAsync(options => options with
        {
            LoggerFactory = logging,
            ProgressTimeout = progressTimeout,
            StopTimeout = TimeSpan.FromMilliseconds(200),
        });
        await bank.RunAsync(100);
        var lost = bank.Recorder.WhenPrinted("bookkeeper", BookKeeperVersions.Lost);

        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, version));
        await bank.UntilStuckAsync(lost);
        var stuckAt = bank.Time.GetUtcNow();
        var answered = bank.Answered;
        await Drive.UntilAsync(bank.Node, bank.Time, () => bank.Node.Status["bookkeeper"].Spec.Source.Path == "Banking.csproj", TimeSpan.FromMilliseconds(100), busy: bank.Stuck);

        // Noticed within a quarter of the progress timeout after it passed, well inside the 30 s window.
        Assert.InRange(bank.Time.GetUtcNow() - stuckAt, progressTimeout, progressTimeout * 1.25 + TimeSpan.FromMilliseconds(100));
        Assert.Contains(log.Lines, line => line.StartsWith("The new version of bookkeeper is stuck in its health window (it made no progress for ", StringComparison.Ordinal)
            && line.EndsWith(" s, with 1 request in progress); cutting it off and backing out to the old version", StringComparison.Ordinal));
        await bank.RunAsync(300);
        Assert.True(bank.Answered >= answered + 300);
        await bank.FinishAsync();
        Assert.Empty(bank.VerifyBooks());
        Assert.Contains("Module bookkeeper, removed by force, did not return within 0.2 s: its thread is leaked (.NET cannot abort a thread); it is cut off from the bus", log.Lines);
    }

    [Fact]
    public async Task Rollback_hands_the_new_version_s_state_back_to_the_old_one()
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);
        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, BankingRun.Version("BookKeeper.Checked.csproj")));
        await bank.RunAsync(200);

        await bank.DuringBurstAsync(node => node.RollbackAsync("bookkeeper", "test"));
        await bank.RunAsync(100);
        await bank.FinishAsync();

        Assert.Equal("Banking.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        Assert.NotEmpty(bank.VerifyBooks()); // the refusals of the checked version stand, and the books agree with them
        await Assert.ThrowsAsync<ReconfigurationException>(() => bank.Node.RollbackAsync("bookkeeper", "test"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rollback_reinstates_the_very_code_that_ran_though_its_file_was_rebuilt_since(bool afterTheWindow)
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);
        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, BookKeeperVersions.Build("Rebuilt", BookKeeperVersions.Adding("    private long calls;"))));
        await bank.RunAsync(100);
        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, BookKeeperVersions.Build("RebuiltNext", BookKeeperVersions.Adding("    private long calls;\n\n    private static int Next() => 2;"))));
        await bank.RunAsync(100);
        // The first version's file now holds another version, one that lacks its field and fails at once.
        BookKeeperVersions.FailingAt("Rebuilt", 1);
        if (afterTheWindow)
        {
            // The first version's code is unloaded; what was built is kept.
            await Drive.ForAsync(bank.Node, bank.Time, TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(1));
        }

        await bank.DuringBurstAsync(node => node.RollbackAsync("bookkeeper", "test"));
        await bank.RunAsync(100);
        await bank.FinishAsync();

        Assert.Equal("versions/Rebuilt.dll", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        Assert.Empty(bank.VerifyBooks());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rollback_from_the_snapshot_reinstates_the_old_version_and_replays_what_the_new_one_read(bool replacedInTheWindow)
    {
        var version = BookKeeperVersions.Build(replacedInTheWindow ? "CountingReplaced" : "Counting", BookKeeperVersions.Adding("    private long calls;"));
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);
        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, version));
        await bank.RunAsync(100);
        if (replacedInTheWindow)
        {
            // The window goes on in the replacement: what both incarnations read is replayed.
            await bank.DuringBurstAsync(node => node.ReplaceAsync("bookkeeper"));
            await bank.RunAsync(100);
        }

        await bank.DuringBurstAsync(node => node.RollbackAsync("bookkeeper", "test", fromSnapshot: true));
        await bank.RunAsync(100);
        await bank.FinishAsync();

        Assert.Equal("Banking.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        Assert.Empty(bank.VerifyBooks());
    }

    [Fact]
    public async Task A_version_that_fails_after_a_replace_inside_its_window_is_backed_out_all_the_same()
    {
        var version = BookKeeperVersions.FailingAt("FailsAfterAReplace", 60);
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);
        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, version));

        // A burst is eight requests: the new version is still well short of its sixtieth adjustment.
        await bank.DuringBurstAsync(node => node.ReplaceAsync("bookkeeper"));
        Assert.Equal("versions/FailsAfterAReplace.dll", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        await bank.RunAsync(300);

        Assert.Equal("Banking.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        await bank.FinishAsync();
        Assert.Empty(bank.VerifyBooks());
    }

    [Fact]
    public async Task The_old_version_s_code_is_unloaded_once_its_health_window_has_passed()
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(50);
        var old = bank.Node.CodeOf("bookkeeper");

        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, BankingRun.Version("BookKeeper.Checked.csproj")));
        // The old version is kept for a backout while the window lasts...
        Collected.Collect(old);
        Assert.True(old.IsAlive, "the old version was unloaded during its health window");
        // ...and let go after it.
        await bank.RunAsync(50);
        await Drive.ForAsync(bank.Node, bank.Time, TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(1));
        Collected.Collect(old);

        Assert.False(old.IsAlive, "the old version's load context was not collected after its health window");
    }
}
