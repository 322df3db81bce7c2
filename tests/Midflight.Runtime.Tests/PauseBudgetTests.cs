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

    /// <summary>The Monitor on fake time, ten seconds in, with what its node logs collected.</summary>
    private sealed class MonitorRun : IAsyncDisposable
    {
        private readonly LoggerFactory _logging;

        private MonitorRun(Node node, FakeTimeProvider time, LogCollector log, LoggerFactory logging) => (Node, Time, Log, _logging) = (node, time, log, logging);

        public Node Node { get; }

        public FakeTimeProvider Time { get; }

        public LogCollector Log { get; }

        public static async Task<MonitorRun> StartAsync()
        {
            var time = new FakeTimeProvider(TestNodes.Epoch);
            var log = new LogCollector();
            var logging = new LoggerFactory([log]);
            var node = await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(TestNodes.MonitorText),
                TestNodes.Options(time, new Recorder()) with { LoggerFactory = logging }));
            await Drive.ForAsync(node, time, TimeSpan.FromSeconds(10), Step);
            return new MonitorRun(node, time, log, logging);
        }

        public Task<ReconfigurationResult> CompleteAsync(Task<ReconfigurationResult> change) => Drive.CompleteAsync(Node, Time, change, Step);

        /// <summary>How many times compute has stopped at its point with its stack captured.</summary>
        public int Captures => Log.Lines.Count(l => l.Contains("compute stopped at a reconfiguration point", StringComparison.Ordinal));

        public async ValueTask DisposeAsync()
        {
            await Node.DisposeAsync();
            _logging.Dispose();
            Log.Dispose();
        }
    }

    [Fact]
    public async Task A_change_predicted_to_pause_longer_than_its_budget_is_refused_before_anything_stopped()
    {
        await using var monitor = await MonitorRun.StartAsync();
        var node = monitor.Node;
        // compute's state is measured when it is captured: by this replace, given no budget.
        var first = await monitor.CompleteAsync(node.ReplaceAsync("compute"));
        Assert.Null(first.PredictedPause);
        var captures = monitor.Captures;
        var before = node.Status;

        var budgeted = Scripts.Replace(node.Status, "compute") with { PauseBudget = TimeSpan.FromMicroseconds(1) };
        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => monitor.CompleteAsync(node.ReconfigureAsync(budgeted)));

        Assert.StartsWith("refused before anything stopped: its pause is predicted at ", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"over its budget of 0.001 ms ('compute': {first.MovedFrames["compute"]} frames and ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("queued message", refused.Message, StringComparison.Ordinal);
        // Nothing stopped: compute was never captured again, and runs as it did.
        Assert.Equal(captures, monitor.Captures);
        Assert.Equal(before.Instances.Select(i => (i.Name, i.Spec)), node.Status.Instances.Select(i => (i.Name, i.Spec)));
        Assert.Equal(before.Bindings, node.Status.Bindings);
        await Drive.UntilAsync(node, monitor.Time, () => node.Status["compute"].Messages["sensor"].Taken > before["compute"].Messages["sensor"].Taken, Step);
    }

    [Fact]
    public async Task A_change_within_its_budget_commits_and_reports_its_pause_beside_the_prediction()
    {
        await using var monitor = await MonitorRun.StartAsync();
        var node = monitor.Node;
        await monitor.CompleteAsync(node.ReplaceAsync("compute"));

        var budgeted = Scripts.Replace(node.Status, "compute") with { PauseBudget = TimeSpan.FromHours(1) };
        var result = await monitor.CompleteAsync(node.ReconfigureAsync(budgeted));

        // On fake time the pause measures zero; the prediction is the model's, from compute's last capture.
        Assert.InRange(result.PredictedPause!.Value, TimeSpan.FromTicks(1), budgeted.PauseBudget!.Value);
        Assert.True(result.MovedFrames["compute"] > 0);
    }

    [Fact]
    public async Task A_budget_for_a_state_never_captured_is_refused_saying_why_before_anything_stopped()
    {
        await using var monitor = await MonitorRun.StartAsync();
        var node = monitor.Node;

        var budgeted = Scripts.Replace(node.Status, "compute") with { PauseBudget = TimeSpan.FromSeconds(1) };
        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => monitor.CompleteAsync(node.ReconfigureAsync(budgeted)));

        Assert.Contains("its pause cannot be held to its budget of 1000 ms, since the size of 'compute''s state is not known until it has been captured once", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, monitor.Captures);
        // Once captured by a look at its state, its size is known.
        await Drive.CompleteAsync(node, monitor.Time, node.CaptureStateAsync("compute"), Step);
        Assert.NotNull((await monitor.CompleteAsync(node.ReconfigureAsync(budgeted))).PredictedPause);
    }

    [Fact]
    public void A_budget_must_be_above_zero()
    {
        var replace = Reconfiguration.Of();
        Assert.Throws<ArgumentOutOfRangeException>(() => replace with { PauseBudget = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => replace with { PauseBudget = TimeSpan.FromMilliseconds(-1) });
    }
}
