using Midflight.Runtime.Procedures;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>
/// A procedure update rehearsed on what the live bookkeeper received: Figure 1-4's AdjustBalance,
/// which refuses overdrafts, switched in a sandbox copy and run on the recording, is caught at the
/// first overdraft or deposit past its limit that the running bank allowed; the same procedure as it runs now makes the same replies;
/// and the live bookkeeper's procedures never change.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class ProcedureRehearsalTests
{
    private static string Banking => ExampleFolders.Of("Banking");

    [Fact]
    public async Task Figure_1_4_s_AdjustBalance_rehearsed_on_a_recording_diverges_at_the_first_overdraft_and_the_bank_never_notices()
    {
        await using var bank = await BankingRun.StartAsync(options => options with { BaseDirectory = Banking });
        await bank.RunAsync(20);
        var recording = await Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RecordMessagesAsync("bookkeeper", TimeSpan.FromSeconds(60)), BankingRun.Pace);

        var rehearsal = await Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RehearseProceduresAsync("bookkeeper",
            new ProcedureUpdateOptions { Procedures = ["AdjustBalance"], Source = Path.Combine(Banking, "updates", "BookKeeper.Checked", "BookKeeper.cs") }, recording), BankingRun.Pace);

        Assert.True(rehearsal.Succeeded, rehearsal.Failure);
        Assert.Equal(["AdjustBalance(int, int)"], rehearsal.Switched.ToArray());
        var divergence = rehearsal.Run!.Divergence!;
        // One reply per call: the divergence is the reply to the call it had just taken, an adjustment.
        Assert.Equal(divergence.Output, divergence.AfterMessages);
        Assert.Equal("AdjustBalance", recording.Received[divergence.AfterMessages - 1].Message[0].AsString());
        Assert.Equal("wrote {1, \"\"} on 'ledger'", divergence.Live);
        Assert.StartsWith("wrote {0, \"account ", divergence.Rehearsed, StringComparison.Ordinal);
        Assert.Empty(bank.Node.Status["bookkeeper"].Procedures);
        await bank.RunAsync(50);
        await bank.FinishAsync();
        bank.VerifyBooks();
    }

    [Fact]
    public async Task An_AdjustBalance_written_otherwise_to_the_same_effect_makes_the_same_replies()
    {
        await using var bank = await BankingRun.StartAsync(options => options with { BaseDirectory = Banking });
        await bank.RunAsync(20);
        var recording = await Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RecordMessagesAsync("bookkeeper", TimeSpan.FromSeconds(30)), BankingRun.Pace);
        var same = Edited("BookKeeper.cs", "data[acnt - Requests.MinAccountNo].Balance += amt;", "data[acnt - Requests.MinAccountNo].Balance = amt + data[acnt - Requests.MinAccountNo].Balance;");

        var rehearsal = await Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RehearseProceduresAsync("bookkeeper",
            new ProcedureUpdateOptions { Procedures = ["AdjustBalance"], Source = same }, recording), BankingRun.Pace);

        Assert.True(rehearsal.Succeeded, rehearsal.Failure);
        Assert.Equal(["AdjustBalance(int, int)"], rehearsal.Switched.ToArray());
        Assert.Null(rehearsal.Run!.Divergence);
        Assert.Equal(recording.Received.Length, rehearsal.Run.Taken);
    }

    [Fact]
    public async Task A_procedure_update_that_does_not_compile_is_reported_with_the_compiler_s_error()
    {
        await using var bank = await BankingRun.StartAsync(options => options with { BaseDirectory = Banking });
        await bank.RunAsync(20);
        var broken = Edited("BookKeeper.cs", "Balance += amt;", "Balance += amt");

        var rehearsal = await Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RehearseProceduresAsync("bookkeeper",
            new ProcedureUpdateOptions { Procedures = ["AdjustBalance"], Source = broken }), BankingRun.Pace);

        Assert.False(rehearsal.Succeeded);
        Assert.StartsWith("the procedure update does not compile:\n", rehearsal.Failure, StringComparison.Ordinal);
        Assert.Contains("; expected", rehearsal.Failure, StringComparison.Ordinal);
        await bank.RunAsync(20);
    }

    /// <summary>A copy of one of the bank's files with one change, in a folder of its own: the source of a procedure update.</summary>
    private static string Edited(string file, string line, string instead)
    {
        var source = BankingRun.Source(file);
        Assert.Contains(line, source, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"midflight-{Guid.NewGuid():N}", file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, source.Replace(line, instead, StringComparison.Ordinal));
        return path;
    }
}
