using Microsoft.Extensions.Time.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>Every reconfiguration — who asked, what, when, how long modules were paused, how it ended — in SQLite beside the node.</summary>
public sealed class EventLogTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-events-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Database => Path.Combine(_folder, "node", "events.db");

    [Fact]
    public async Task The_log_keeps_entries_in_order_and_reads_back_the_last_ones()
    {
        var log = await SqliteEventLog.OpenAsync(Database);
        for (var i = 1; i <= 3; i++)
        {
            await log.AppendAsync(new ReconfigurationEvent(0, TestNodes.Epoch.AddMinutes(i), "ops", $"change {i}", $"1. step {i}", i,
                TimeSpan.FromMilliseconds(i * 1.5), TimeSpan.FromMilliseconds(i), i == 3 ? ReconfigurationOutcome.Failed : ReconfigurationOutcome.Committed, i == 3 ? "refused" : null), CancellationToken.None);
        }

        var last = await SqliteEventLog.OpenExisting(Database).ReadAsync(2, CancellationToken.None);

        Assert.Equal(["change 2", "change 3"], last.Select(e => e.Title));
        Assert.Equal(new ReconfigurationEvent(3, TestNodes.Epoch.AddMinutes(3), "ops", "change 3", "1. step 3", 3,
            TimeSpan.FromMilliseconds(4.5), TimeSpan.FromMilliseconds(3), ReconfigurationOutcome.Failed, "refused"), last[1]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Database));
        }
    }

    [Fact]
    public void Reading_a_log_that_is_not_there_says_so()
    {
        var missing = Path.Combine(_folder, "nowhere.db");

        var error = Assert.Throws<FileNotFoundException>(() => SqliteEventLog.OpenExisting(missing));

        Assert.Contains($"there is no event log at '{missing}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_records_its_launch_a_replace_with_its_pause_and_a_refused_change()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var log = await SqliteEventLog.OpenAsync(Database);
        var options = TestNodes.Options(time, recorder) with { EventLog = log };
        await using var node = await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(TestNodes.MonitorText), options));
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(5), Step);

        await Drive.CompleteAsync(node, time, node.ReplaceAsync("compute"), Step);
        var refused = Reconfiguration.Of(new DeleteModule(ModuleRef.Current("nobody"))) with { Title = "remove nobody", RequestedBy = "alice" };
        await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReconfigureAsync(refused));

        var entries = await log.ReadAsync(10, CancellationToken.None);
        Assert.Equal(["launch monitor", "replace compute", "remove nobody"], entries.Select(e => e.Title));
        Assert.All(entries.Take(2), e => Assert.Equal(ReconfigurationOutcome.Committed, e.Outcome));
        Assert.Equal(TestNodes.Epoch, entries[0].At);
        Assert.Contains("move state from compute to compute (new)", entries[1].Plan, StringComparison.Ordinal);
        Assert.Equal(Environment.UserName, entries[1].RequestedBy);
        var failed = entries[2];
        Assert.Equal(("alice", ReconfigurationOutcome.Failed, 1), (failed.RequestedBy, failed.Outcome, failed.Steps));
        Assert.Equal("step 1 (delete module nobody): there is no module nobody", failed.Error);
    }

    [Fact]
    public async Task A_change_whose_caller_stops_waiting_is_logged_as_cancelled_and_changes_nothing()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var log = await SqliteEventLog.OpenAsync(Database);
        // A server that holds a request and never answers it: it never reaches a quiet moment.
        var application = $$"""
            module asker { source = "{{TestNodes.TestModule("Asker")}}" :: client interface ask pattern = {integer} accepts {~integer} }
            module stubborn { source = "{{TestNodes.TestModule("Stubborn")}}" :: server interface ask pattern = {~integer} returns {integer} }
            module app { instance asker instance stubborn bind "asker ask" "stubborn ask" }
            """;
        await using var node = await Node.StartAsync(TestNodes.Parse(application), TestNodes.Options(time, recorder) with { EventLog = log });
        await Drive.UntilAsync(node, time, () => recorder.ReadOn("stubborn", "ask").Count == 1, Step);
        using var caller = new CancellationTokenSource();

        var replace = node.ReconfigureAsync(Scripts.Replace(node.Status, "stubborn") with { RequestedBy = "bob" }, caller.Token);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(1), Step); // waiting for the quiet moment that never comes
        var waiting = (await log.ReadAsync(1, CancellationToken.None)).Single();
        Assert.Equal(("replace stubborn", ReconfigurationOutcome.InProgress), (waiting.Title, waiting.Outcome));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => replace);
        var last = (await log.ReadAsync(1, CancellationToken.None)).Single();
        Assert.Equal(("replace stubborn", "bob", ReconfigurationOutcome.Failed), (last.Title, last.RequestedBy, last.Outcome));
        Assert.Equal("cancelled: its caller stopped waiting before it committed; the application is unchanged", last.Error);
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Stubborn", node.Status["stubborn"].Spec.Source.ToString());
    }

    [Fact]
    public async Task A_change_a_dead_node_left_in_progress_is_marked_interrupted_by_the_next_node_to_open_the_log()
    {
        var log = await SqliteEventLog.OpenAsync(Database);
        var done = await log.AppendAsync(new ReconfigurationEvent(0, TestNodes.Epoch, "ops", "launch app", "1. …", 1,
            TimeSpan.FromMilliseconds(2), TimeSpan.Zero, ReconfigurationOutcome.Committed, null), CancellationToken.None);
        var begun = await log.AppendAsync(new ReconfigurationEvent(0, TestNodes.Epoch.AddMinutes(1), "ops", "update bookkeeper", "1. …", 9,
            TimeSpan.Zero, TimeSpan.Zero, ReconfigurationOutcome.InProgress, null), CancellationToken.None);

        // What a reader sees meanwhile: the change in progress.
        Assert.Equal(ReconfigurationOutcome.InProgress, (await SqliteEventLog.OpenExisting(Database).ReadAsync(1, CancellationToken.None)).Single().Outcome);
        var reopened = await SqliteEventLog.OpenAsync(Database);

        var entries = await reopened.ReadAsync(10, CancellationToken.None);
        Assert.Equal([(done, ReconfigurationOutcome.Committed, (string?)null), (begun, ReconfigurationOutcome.Interrupted, SqliteEventLog.InterruptedReason)],
            entries.Select(e => (e.Id, e.Outcome, e.Error)));
    }
}
