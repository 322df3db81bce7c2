using Microsoft.Extensions.Time.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>A node's reconfigurations watched live (the dashboard's timeline), with or without an event log of its own.</summary>
public sealed class ReconfigurationFeedTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_watcher_gets_the_history_then_each_change_as_it_begins_and_as_it_ends_under_one_id()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.StartAsync(TestNodes.Pipeline("counter", "Counter", "collector", "Collector"), time, new Recorder());
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watched = node.WatchReconfigurationsAsync(10, bound.Token).GetAsyncEnumerator(bound.Token);

        Assert.True(await watched.MoveNextAsync());
        Assert.Equal(("launch app", ReconfigurationOutcome.Committed), (watched.Current.Title, watched.Current.Outcome));
        var replaced = await Drive.CompleteAsync(node, time, node.ReplaceAsync("collector"), Step);

        Assert.True(await watched.MoveNextAsync());
        var begun = watched.Current;
        Assert.True(await watched.MoveNextAsync());
        var ended = watched.Current;
        Assert.Equal(("replace collector", ReconfigurationOutcome.InProgress), (begun.Title, begun.Outcome));
        Assert.Equal((begun.Id, ReconfigurationOutcome.Committed, replaced.Paused), (ended.Id, ended.Outcome, ended.Paused));
        Assert.Equal(begun with { Outcome = ended.Outcome, Duration = ended.Duration, Paused = ended.Paused }, ended);
    }

    /// <summary>
    /// The dashboard's stream sends its headers before it reads the first entry: the client then makes
    /// a change, which must be on the stream. Watching begins with the call.
    /// </summary>
    [Fact]
    public async Task A_change_made_after_the_watch_is_asked_for_and_before_its_first_read_is_watched()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.StartAsync(TestNodes.Pipeline("counter", "Counter", "collector", "Collector"), time, new Recorder());
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = node.WatchReconfigurationsAsync(0, bound.Token);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => node.UpdateAsync("collector", new Model.ModuleSource("nowhere.dll", "Nothing")));

        await using var watched = watch.GetAsyncEnumerator(bound.Token);
        Assert.True(await watched.MoveNextAsync());
        var begun = watched.Current;
        Assert.True(await watched.MoveNextAsync());
        var ended = watched.Current;
        Assert.StartsWith("update collector", begun.Title, StringComparison.Ordinal);
        Assert.Equal((begun.Id, ReconfigurationOutcome.InProgress), (ended.Id, begun.Outcome));
        Assert.Equal((ReconfigurationOutcome.Failed, refused.Message), (ended.Outcome, ended.Error));
    }

    [Fact]
    public async Task A_refused_change_is_watched_with_its_error_and_a_late_watcher_finds_it_in_the_history()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.StartAsync(TestNodes.Pipeline("counter", "Counter", "collector", "Collector"), time, new Recorder());

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => node.UpdateAsync("collector", new Model.ModuleSource("nowhere.dll", "Nothing")));

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var history = new List<ReconfigurationEvent>();
        await foreach (var entry in node.WatchReconfigurationsAsync(2, bound.Token))
        {
            history.Add(entry);
            if (history.Count == 2)
            {
                break;
            }
        }
        Assert.Equal("launch app", history[0].Title);
        Assert.StartsWith("update collector", history[1].Title, StringComparison.Ordinal);
        Assert.Equal((ReconfigurationOutcome.Failed, refused.Message), (history[1].Outcome, history[1].Error));
    }

    [Fact]
    public async Task A_node_without_an_event_log_keeps_its_last_changes_in_memory_and_no_more()
    {
        var log = new MemoryEventLog(3);
        for (var i = 1; i <= 5; i++)
        {
            var id = await log.AppendAsync(Entry($"change {i}"), CancellationToken.None);
            Assert.Equal(i, id);
        }
        await log.EndAsync(4, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(2), ReconfigurationOutcome.Committed, null, CancellationToken.None);
        await log.EndAsync(1, TimeSpan.FromSeconds(1), TimeSpan.Zero, ReconfigurationOutcome.Failed, "gone already", CancellationToken.None);

        var kept = await log.ReadAsync(10, CancellationToken.None);

        Assert.Equal(["change 3", "change 4", "change 5"], kept.Select(e => e.Title));
        Assert.Equal((ReconfigurationOutcome.Committed, TimeSpan.FromMilliseconds(2)), (kept[1].Outcome, kept[1].Paused));
        Assert.Equal(["change 4", "change 5"], (await log.ReadAsync(2, CancellationToken.None)).Select(e => e.Title));
    }

    private static ReconfigurationEvent Entry(string title) =>
        new(0, TestNodes.Epoch, "a test", title, title, 1, TimeSpan.Zero, TimeSpan.Zero, ReconfigurationOutcome.InProgress, null);
}
