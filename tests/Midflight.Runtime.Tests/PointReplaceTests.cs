using Microsoft.Extensions.Time.Testing;
using Midflight.TestModules;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Replacing the Monitor's prepared compute at its reconfiguration point R, in the middle of its
/// recursion: the new instance rebuilds the stack and finishes the average the old one began.
/// </summary>
public sealed class PointReplaceTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    // The Monitor's compute and sensor; a display that asks for averages of 24 values.
    private static readonly string DeepMonitor = TestNodes.MonitorText
        .Replace("Monitor.csproj#Midflight.Examples.Monitor.Display", TestNodes.TestModule(nameof(DeepDisplay)), StringComparison.Ordinal);

    /// <summary>
    /// Compute's depth now, from its traffic: serving a request of n, having read k of its values, it
    /// is blocked at R in the frame of Average(k+1), below n-k frames of Average and one of Run.
    /// </summary>
    private static int? Depth(Recorder recorder) =>
        MonitorTrace.Requests(recorder) is [.., { Reply: null } open] ? 1 + open.N - open.Values.Count : null;

    [Fact]
    public async Task Compute_replaced_200_times_more_than_20_frames_deep_gives_the_display_what_an_uninterrupted_run_gives()
    {
        const int Steps = 6000;
        var undisturbed = await RunAsync(Steps, replaceWhen: null);
        var moments = new Random(20261123);
        var replaced = await RunAsync(Steps, replaceWhen: depth => depth >= 21 && moments.Next(3) == 0);

        Assert.True(replaced.Replacements >= 200, $"only {replaced.Replacements} replacements");
        Assert.All(replaced.Depths, depth => Assert.True(depth >= 21, $"moved {depth} frames: fewer than Run and 20 of Average"));
        Assert.True(undisturbed.Averages.Count >= 25, $"only {undisturbed.Averages.Count} averages");
        Assert.Equal(undisturbed.Averages, replaced.Averages);
        // No message lost: every sensor value written was read in order, or waits in compute's queue.
        Assert.Equal(replaced.SensorWritten.Take(replaced.SensorRead.Count), replaced.SensorRead);
        Assert.Equal(replaced.SensorWritten.Count - replaced.SensorRead.Count, replaced.SensorQueued);
        Assert.All(replaced.Requests.Where(r => r.Reply is not null), r => Assert.Equal(r.Mean, r.Reply!.Value, 12));
    }

    [Fact]
    public async Task While_a_replace_waits_for_a_point_the_status_says_where_compute_is()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(TestNodes.MonitorText, time, recorder);
        // Idle, compute sleeps in the delay of its main loop, which is no reconfiguration point.
        await Drive.UntilAsync(node, time, () => node.Status["compute"].Activity.WaitingFor == "delay" && Depth(recorder) is null, Step);

        var replace = node.ReplaceAsync("compute");
        await node.WhenIdleAsync();

        Assert.False(replace.IsCompleted);
        var activity = node.Status["compute"].Activity;
        Assert.Equal(ModuleStatus.Waiting, activity.Status);
        Assert.Equal("delay", activity.WaitingFor);
        Assert.True(activity.AwaitedAtPoint);
        Assert.Contains("awaited at its next reconfiguration point", activity.ToString(), StringComparison.Ordinal);
        // Once the delay ends, compute goes into Average (for a request, or to clear the sensor buffer) and stops at R there.
        var result = await Drive.CompleteAsync(node, time, replace, Step);
        Assert.InRange(result.MovedFrames["compute"], 2, 1 + 4);
        Assert.False(node.Status["compute"].Activity.AwaitedAtPoint);
    }

    [Fact]
    public async Task A_replace_that_fails_after_the_capture_gives_compute_its_own_stack_back()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(DeepMonitor, time, recorder);
        await Drive.UntilAsync(node, time, () => Depth(recorder) is >= 10, Step);
        var depth = Depth(recorder);
        // The new code is not prepared: it could not resume the stack, so the move fails after the capture.
        var unprepared = node.Status["compute"].Spec with { Source = new Model.ModuleSource("Midflight.TestModules.dll", "Midflight.TestModules.Echo") };

        var failure = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReplaceAsync("compute", unprepared));

        Assert.Contains("not prepared", failure.Message, StringComparison.Ordinal);
        Assert.Equal(depth, Depth(recorder));
        await Drive.UntilAsync(node, time, () => MonitorTrace.Requests(recorder).Count(r => r.Reply is not null) >= 3, Step);
        Assert.All(MonitorTrace.Requests(recorder).Where(r => r.Reply is not null), r => Assert.Equal(r.Mean, r.Reply!.Value, 12));
        Assert.Equal(ModuleStatus.Waiting, node.Status["compute"].Activity.Status);
    }

    private sealed record Run(
        IReadOnlyList<string> Averages, int Replacements, IReadOnlyList<int> Depths, IReadOnlyList<int> SensorWritten,
        IReadOnlyList<int> SensorRead, int SensorQueued, IReadOnlyList<ServedRequest> Requests);

    /// <summary>Runs the deep Monitor for a number of steps of fake time, replacing compute where <paramref name="replaceWhen"/> says.</summary>
    private static async Task<Run> RunAsync(int steps, Func<int, bool>? replaceWhen)
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(DeepMonitor, time, recorder);
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var depths = new List<int>();
        for (var i = 0; i < steps; i++)
        {
            await node.WhenIdleAsync(bound.Token);
            while (replaceWhen is not null && Depth(recorder) is { } depth && replaceWhen(depth))
            {
                var at = time.GetUtcNow();
                var result = await node.ReplaceAsync("compute", cancellationToken: bound.Token);
                // Blocked in the read that R labels, compute was interrupted there: no time passed.
                Assert.Equal(at, time.GetUtcNow());
                depths.Add(result.MovedFrames["compute"]);
                await node.WhenIdleAsync(bound.Token);
            }
            time.Advance(Step);
        }
        await node.WhenIdleAsync(bound.Token);
        return new Run(
            recorder.Printed("display"), depths.Count, depths,
            [.. recorder.WrittenOn("sensor", "out").Select(m => m.Single<int>())],
            [.. recorder.ReadOn("compute", "sensor").Select(m => m.Single<int>())],
            node.Status["compute"].QueueDepths["sensor"],
            MonitorTrace.Requests(recorder));
    }
}
