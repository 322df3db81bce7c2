using CsCheck;
using Midflight.Model;
using Midflight.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>
/// A new version rehearsed on what the live module received: the bank's bookkeeper is recorded for a
/// while (its snapshot, then every call it takes and every reply it writes), and versions run on that
/// recording in a sandbox — the same code gives the same replies, a changed one is caught at its first
/// different reply, a throwing one at the call it throws on — while the bank runs on, never noticing.
/// </summary>
public sealed class RecordedRehearsalTests
{
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_recording_holds_exactly_the_calls_bookkeeper_took_after_its_snapshot_and_each_one_s_reply()
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(20);
        var before = bank.Recorder.CountOf("bookkeeper", "ledger", written: false);

        var recording = await RecordAsync(bank);

        Assert.Null(recording.Ending);
        Assert.True(recording.Received.Length > 20, $"{recording.Received.Length} calls recorded");
        Assert.True(recording.Length >= Length);
        // Cut at a quiet moment: every call's reply is in, and nothing after.
        Assert.Equal(recording.Received.Length, recording.Outputs.Length);
        var read = bank.Recorder.ReadOn("bookkeeper", "ledger");
        Assert.Equal(read.Skip(before).Take(recording.Received.Length), recording.Received.Select(m => m.Message));
        Assert.Equal(bank.Recorder.WrittenOn("bookkeeper", "ledger").Skip(before).Take(recording.Outputs.Length), recording.Outputs.Select(o => o.Message));
        Assert.All(recording.Outputs, o => Assert.Equal("ledger", o.Interface));
        Assert.Equal("bookkeeper", recording.Module);
        Assert.NotNull(recording.Snapshot);
        await bank.RunAsync(50);
        await bank.FinishAsync();
        bank.VerifyBooks();
    }

    [Fact]
    public async Task The_running_version_rehearsed_on_its_own_recording_makes_the_same_replies()
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(20);
        var recording = await RecordAsync(bank);

        var rehearsal = await RehearseAsync(bank, BankingRun.Version("Banking.csproj"), recording);

        Assert.True(rehearsal.Succeeded, rehearsal.Failure);
        var run = rehearsal.Run!;
        Assert.Null(run.Divergence);
        Assert.Equal(recording.Received.Length, run.Taken);
        Assert.Equal(recording.Outputs.Length, run.Outputs);
        Assert.Equal(run.Outputs, run.LiveOutputs);
        Assert.Equal("it read 'ledger' with no recorded message left on it", run.Ended);
        // The same from the recording's file, snapshot and all.
        using var file = new MemoryStream();
        RecordingJson.Write(recording, file);
        var read = RecordingJson.Read(file.ToArray(), "bookkeeper", bank.Node.Status["bookkeeper"].Spec);
        Assert.Equal(run, (await RehearseAsync(bank, BankingRun.Version("Banking.csproj"), read)).Run);
        await bank.RunAsync(50);
        await bank.FinishAsync();
        bank.VerifyBooks();
    }

    [Fact]
    public Task Recorded_at_any_moment_for_any_length_the_running_version_rehearsed_on_it_makes_the_same_replies() =>
        Gen.Select(Gen.Int[1, 60], Gen.Int[1, 40], Gen.Bool).SamplePinnedAsync(async draw =>
        {
            var (before, seconds, midBurst) = draw;
            await using var bank = await BankingRun.StartAsync();
            await bank.RunAsync(before);
            if (midBurst)
            {
                bank.Time.Advance(BankingRun.Pace); // the recording begins with requests in flight
            }

            var recording = await Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RecordMessagesAsync("bookkeeper", TimeSpan.FromSeconds(seconds)), BankingRun.Pace);
            var rehearsal = await RehearseAsync(bank, BankingRun.Version("Banking.csproj"), recording);

            Assert.Equal(recording.Received.Length, recording.Outputs.Length);
            Assert.True(rehearsal.Succeeded, rehearsal.Failure);
            Assert.Null(rehearsal.Run!.Divergence);
            Assert.Equal(recording.Received.Length, rehearsal.Run.Taken);
        }, seed: "0N0XIzNsQ0O2", iter: 6, print: draw => $"after {draw.Item1} requests, for {draw.Item2} s, {(draw.Item3 ? "mid-burst" : "between bursts")}", shrink: 3);

    [Fact]
    public async Task A_version_whose_balance_is_off_for_one_account_diverges_at_that_account_s_first_balance()
    {
        var offByOne = Variant("OffByOne", "Requests.GetBalance => Message.Of(data[acnt - Requests.MinAccountNo]?.Balance ?? 0, \"\"),",
            "Requests.GetBalance => Message.Of((data[acnt - Requests.MinAccountNo]?.Balance ?? 0) + (acnt == Requests.MinAccountNo + 1 ? 1 : 0), \"\"),");
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(20);
        var recording = await RecordAsync(bank);
        var first = FirstCall(recording, "GetBalance", Requests.MinAccountNo + 1);

        var rehearsal = await RehearseAsync(bank, offByOne, recording);

        Assert.True(rehearsal.Succeeded, rehearsal.Failure);
        var divergence = rehearsal.Run!.Divergence!;
        Assert.Equal(first + 1, divergence.Output);
        Assert.Equal(first + 1, divergence.AfterMessages);
        var balance = recording.Outputs[first].Message[0].AsInteger();
        Assert.Equal($"wrote {{{balance}, \"\"}} on 'ledger'", divergence.Live);
        Assert.Equal($"wrote {{{balance + 1}, \"\"}} on 'ledger'", divergence.Rehearsed);
        await bank.RunAsync(50);
        await bank.FinishAsync();
        Assert.Equal("Banking.csproj#" + BankingRun.BookKeeperType, bank.Node.Status["bookkeeper"].Spec.Source.ToString());
        bank.VerifyBooks();
    }

    [Fact]
    public async Task A_version_that_throws_on_one_call_is_reported_with_that_call_and_the_bank_never_notices()
    {
        var throwing = Variant("ThrowsOnName", "Requests.GetName => Message.Of(0, data[acnt - Requests.MinAccountNo]?.Name ?? \"\"),",
            "Requests.GetName => throw new InvalidOperationException($\"no name for account {acnt}\"),");
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(20);
        var recording = await RecordAsync(bank);
        var first = recording.Received.Select((m, i) => (m, i)).First(c => c.m.Message[0].AsString() == "GetName").i;
        var account = recording.Received[first].Message[1].AsInteger();

        var rehearsal = await RehearseAsync(bank, throwing, recording);

        Assert.False(rehearsal.Succeeded);
        var fault = rehearsal.Run!.Fault!;
        Assert.StartsWith($"InvalidOperationException: no name for account {account}, at Midflight.Examples.Banking.BookKeeper.Serve(", fault, StringComparison.Ordinal);
        Assert.EndsWith($"(after message {first + 1} of {recording.Received.Length}, {recording.Received[first].Message} on 'ledger')", fault, StringComparison.Ordinal);
        Assert.Equal($"the new version failed on the recorded messages: {fault}", rehearsal.Failure);
        Assert.Equal(first + 1, rehearsal.Run.Taken);
        Assert.Null(rehearsal.Run.Divergence); // it made every reply it made right, and no more
        await bank.RunAsync(50);
        await bank.FinishAsync();
        bank.VerifyBooks();
    }

    [Fact]
    public async Task A_file_of_messages_runs_on_the_live_state_with_nothing_to_compare()
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(20);
        var spec = bank.Node.Status["bookkeeper"].Spec;
        var file = RecordingJson.Read("""
            // Two accounts' balances, as a person would write them.
            { "received": [
                { "interface": "ledger", "message": ["GetBalance", 101, 0, ""] },
                { "interface": "ledger", "message": ["GetBalance", 102, 0, ""] },
            ] }
            """u8.ToArray(), "bookkeeper", spec);

        var rehearsal = await RehearseAsync(bank, BankingRun.Version("Banking.csproj"), file);

        Assert.True(rehearsal.Succeeded, rehearsal.Failure);
        Assert.Equal(new RehearsalRun(2, 2, 2, null, "it read 'ledger' with no recorded message left on it", null, null), rehearsal.Run);
        await bank.RunAsync(20);
    }

    [Fact]
    public async Task A_version_that_loops_without_calling_the_bus_is_given_up_on_and_said_to_loop()
    {
        var looping = Variant("Loops", "Requests.GetName => Message.Of(0, data[acnt - Requests.MinAccountNo]?.Name ?? \"\"),",
            "Requests.GetName => Spin(),", "    private Message Spin() { while (HasMessages(\"ledger\") || !HasMessages(\"ledger\")) { } return default; }\n\n    private int GetNewAccount()");
        await using var bank = await BankingRun.StartAsync(options => options with { RehearsalStall = TimeSpan.FromMilliseconds(500) });
        await bank.RunAsync(20);
        var recording = await RecordAsync(bank);
        var first = recording.Received.Select((m, i) => (m, i)).First(c => c.m.Message[0].AsString() == "GetName").i;

        // Given its recording, a rehearsal waits for nothing on the node's clock; its stall is wall-clock time.
        var rehearsal = await bank.Node.RehearseAsync("bookkeeper", looping, recording).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(rehearsal.Succeeded);
        Assert.StartsWith("it ran for 0.5 s without taking a message or making an output (after message " + (first + 1), rehearsal.Run!.Fault, StringComparison.Ordinal);
        Assert.Contains("it may loop", rehearsal.Run.Fault, StringComparison.Ordinal);
        await bank.RunAsync(20);
    }

    [Fact]
    public async Task A_recording_is_refused_when_the_instance_is_replaced_while_it_runs()
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(20);
        var recording = bank.Node.RecordMessagesAsync("bookkeeper", Length);
        await bank.RunAsync(5);

        await bank.DuringBurstAsync(node => node.ReplaceAsync("bookkeeper"));

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(bank.Node, bank.Time, recording, BankingRun.Pace));
        Assert.Equal("'bookkeeper' was reconfigured while it was recorded, so its recording would mix two incarnations: record it again", refused.Message);
        await bank.RunAsync(20);
    }

    private static Task<Recording> RecordAsync(BankingRun bank) =>
        Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RecordMessagesAsync("bookkeeper", Length), BankingRun.Pace);

    private static Task<Rehearsal> RehearseAsync(BankingRun bank, ModuleSource version, Recording recording) =>
        Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RehearseAsync("bookkeeper", version, recording), BankingRun.Pace);

    /// <summary>The index of the first call of <paramref name="procedure"/> on <paramref name="account"/> in the recording.</summary>
    private static int FirstCall(Recording recording, string procedure, int account) =>
        recording.Received.Select((m, i) => (m.Message, i)).First(c => c.Message[0].AsString() == procedure && c.Message[1].AsInteger() == account).i;

    /// <summary>The running BookKeeper with one line changed (and another, if given).</summary>
    private static ModuleSource Variant(string name, string line, string instead, string? also = null)
    {
        var source = BankingRun.Source("BookKeeper.cs");
        Assert.Contains(line, source, StringComparison.Ordinal);
        source = source.Replace(line, instead, StringComparison.Ordinal);
        if (also is not null)
        {
            source = source.Replace("    private int GetNewAccount()", also, StringComparison.Ordinal);
        }
        return ModuleVersions.Build(name, """
            module bookkeeper {
              source = "versions/NAME.dll#Midflight.Examples.Banking.BookKeeper" ::
              server interface ledger pattern = {string, integer, integer, string} returns {integer, string} ::
              reconfiguration point = {R} :: }
            module update { instance bookkeeper }
            """.Replace("NAME", name, StringComparison.Ordinal),
            ("BookKeeper.cs", source), ("Requests.cs", BankingRun.Source("Requests.cs")), ("NameStorage.cs", BankingRun.Source("NameStorage.cs")));
    }

    private static class Requests
    {
        public const int MinAccountNo = 100;
    }
}
