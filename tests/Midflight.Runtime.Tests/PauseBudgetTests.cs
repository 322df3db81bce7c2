using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Midflight.Control.Tests;

namespace Midflight.Runtime.Tests;

/// <summary>
/// A bounded pause (Segal and Frieder's open problem): a change given a pause budget is refused before
/// anything stops when its pause is predicted over it, and reports its pause and the prediction when not.
/// </summary>
public sealed class PauseBudgetTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private static async Task<(Node Node, FakeTimeProvider Time, LogCollector Log, LoggerFactory Logging)> MonitorAsync()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var log = new LogCollector();
        var logging = new LoggerFactory([log]);
        var node = await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(TestNodes.MonitorText),
            TestNodes.Options(time, new Recorder()) with { LoggerFactory = logging }));
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(10), Step);
        return (node, time, log, logging);
    }

    private static int Captures(LogCollector log) =>
        log.Lines.Count(l => l.Contains("compute stopped at a reconfiguration point", StringComparison.Ordinal));

    [Fact]
    public async Task A_change_predicted_to_pause_longer_than_its_budget_is_refused_before_anything_stopped()
    {
        var (node, time, log, logging) = await MonitorAsync();
        await using var _ = node;
        using var __ = log;
        using var ___ = logging;
        // compute's state is measured when it is captured: by this replace, given no budget.
        var first = await Drive.CompleteAsync(node, time, node.ReplaceAsync("compute"), Step);
        Assert.Null(first.PredictedPause);
        var captures = Captures(log);
        var before = node.Status;

        var budgeted = Scripts.Replace(node.Status, "compute") with { PauseBudget = TimeSpan.FromMicroseconds(1) };
        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time, node.ReconfigureAsync(budgeted), Step));

        Assert.StartsWith("refused before anything stopped: its pause is predicted at ", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"over its budget of 0.001 ms ('compute': {first.MovedFrames["compute"]} frames and ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("queued message", refused.Message, StringComparison.Ordinal);
        // Nothing stopped: compute was never captured again, and runs as it did.
        Assert.Equal(captures, Captures(log));
        Assert.Equal(before.Instances.Select(i => (i.Name, i.Spec)), node.Status.Instances.Select(i => (i.Name, i.Spec)));
        Assert.Equal(before.Bindings, node.Status.Bindings);
        await Drive.UntilAsync(node, time, () => node.Status["compute"].Messages["sensor"].Taken > before["compute"].Messages["sensor"].Taken, Step);
    }

    [Fact]
    public async Task A_change_within_its_budget_commits_and_reports_its_pause_beside_the_prediction()
    {
        var (node, time, log, logging) = await MonitorAsync();
        await using var _ = node;
        using var __ = log;
        using var ___ = logging;
        await Drive.CompleteAsync(node, time, node.ReplaceAsync("compute"), Step);

        var budgeted = Scripts.Replace(node.Status, "compute") with { PauseBudget = TimeSpan.FromHours(1) };
        var result = await Drive.CompleteAsync(node, time, node.ReconfigureAsync(budgeted), Step);

        // On fake time the pause measures zero; the prediction is the model's, from compute's last capture.
        Assert.InRange(result.PredictedPause!.Value, TimeSpan.FromTicks(1), budgeted.PauseBudget!.Value);
        Assert.True(result.MovedFrames["compute"] > 0);
    }

    [Fact]
    public async Task A_budget_for_a_state_never_captured_is_refused_saying_why_before_anything_stopped()
    {
        var (node, time, log, logging) = await MonitorAsync();
        await using var _ = node;
        using var __ = log;
        using var ___ = logging;

        var budgeted = Scripts.Replace(node.Status, "compute") with { PauseBudget = TimeSpan.FromSeconds(1) };
        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time, node.ReconfigureAsync(budgeted), Step));

        Assert.Contains("its pause cannot be held to its budget of 1000 ms, since the size of 'compute''s state is not known until it has been captured once", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Captures(log));
        // Once captured by a look at its state, its size is known.
        await Drive.CompleteAsync(node, time, node.CaptureStateAsync("compute"), Step);
        Assert.NotNull((await Drive.CompleteAsync(node, time, node.ReconfigureAsync(budgeted), Step)).PredictedPause);
    }

    [Fact]
    public void A_budget_must_be_above_zero()
    {
        var replace = Reconfiguration.Of();
        Assert.Throws<ArgumentOutOfRangeException>(() => replace with { PauseBudget = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => replace with { PauseBudget = TimeSpan.FromMilliseconds(-1) });
    }
}
