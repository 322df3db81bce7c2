using Microsoft.Extensions.Time.Testing;
using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>
/// The first guarantee on prepared modules: a replace is invisible — the new instance goes on where
/// the old one stopped — or it is refused, and the old instance goes on from its own stack. Never a
/// commit that starts the module over.
/// </summary>
public sealed class InvisibleOrRefusedTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    /// <summary>A module that counts, prints each count, and waits a second at its point.</summary>
    private static ModuleSource Ticker(string name, string fields = "", string beforePrint = "", string rounds = "int.MaxValue", string afterPoint = "") =>
        ModuleVersions.Build(name, Specification(name), ($"{name}.cs", $$"""
            namespace Tests;

            public sealed class Ticker : Midflight.Module
            {
                {{fields}}

                protected override void Run()
                {
                    for (var count = 1; count <= {{rounds}}; count++)
                    {
                        {{beforePrint}}
                        Print($"count {count}");
                    R:
                        Delay(TimeSpan.FromSeconds(1));
                        {{afterPoint}}
                    }
                }
            }
            """));

    private static string Specification(string name) => $$"""
        module ticker { source = "versions/{{name}}.dll#Tests.Ticker" :: reconfiguration point = {R} :: }
        module app { instance ticker }
        """;

    private static async Task<(Node Node, FakeTimeProvider Time, Recorder Recorder)> StartAsync(ModuleSource ticker)
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var node = await TestNodes.StartAsync(Specification(Path.GetFileNameWithoutExtension(ticker.Path)), time, recorder);
        return (node, time, recorder);
    }

    private static IEnumerable<string> Counts(int from, int to) => Enumerable.Range(from, to - from + 1).Select(c => $"count {c}");

    [Fact]
    public async Task A_replace_whose_state_cannot_be_captured_is_refused_naming_the_field_and_the_module_goes_on_from_its_stack()
    {
        var (node, time, recorder) = await StartAsync(Ticker("ThreadTicker", fields: "private readonly System.Threading.Thread _worker = System.Threading.Thread.CurrentThread;"));
        await using var _ = node;
        await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= 3, Step);

        var refusal = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time, node.ReplaceAsync("ticker"), Step));

        Assert.Contains("cannot be captured", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("field '_worker': a thread cannot be put in a snapshot", refusal.Message, StringComparison.Ordinal);
        await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= 6, Step);
        Assert.Equal(Counts(1, 6), recorder.Printed("ticker").Take(6));
    }

    [Fact]
    public async Task A_live_local_that_cannot_be_captured_is_refused_naming_the_frame_and_the_variable()
    {
        // A lambda that shares a local with the frame: carried apart, the two would drift, so it is refused.
        var (node, time, recorder) = await StartAsync(Ticker("LocalTicker",
            beforePrint: "var offset = count; Func<int, int> step = n => n + offset;", afterPoint: "if (count < 0) { Print(step(offset).ToString()); }"));
        await using var _ = node;
        await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= 2, Step);

        var refusal = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time, node.ReplaceAsync("ticker"), Step));

        Assert.Contains("frame 'Run()' (site 1), variable 'step'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("captures local variables of a method of the module", refusal.Message, StringComparison.Ordinal);
        await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= 5, Step);
        Assert.Equal(Counts(1, 5), recorder.Printed("ticker").Take(5));
    }

    [Fact]
    public async Task State_of_types_from_a_referenced_library_and_from_the_framework_moves_with_the_module()
    {
        var (node, time, recorder) = await StartAsync(Ticker("LibraryTicker",
            fields: "private System.Numerics.BigInteger _product = 1; private Midflight.TestModules.Tally? _tally; private int[,] _grid = new int[3, 4]; private bool[,] _seen = new bool[2, 2];",
            beforePrint: """
                _product *= count + 1_000_000_007L;
                _tally = new Midflight.TestModules.Tally(count) { Previous = _tally };
                _grid[count % 3, count % 4] += count;
                _seen[count % 2, 1] = !_seen[count % 2, 1];
                Print($"product {_product} tally {_tally.Count}/{_tally.Previous?.Count} grid {string.Join(",", _grid.Cast<int>())} seen {string.Join(",", _seen.Cast<bool>())}");
                """));
        await using var _ = node;
        await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= 4, Step);
        for (var i = 0; i < 3; i++)
        {
            var result = await Drive.CompleteAsync(node, time, node.ReplaceAsync("ticker"), Step);
            Assert.Equal(1, result.MovedFrames["ticker"]); // Run, stopped at R
            await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= 8 + 4 * i, Step);
        }

        var undisturbed = await RunUndisturbedAsync("LibraryTicker", recorder.Printed("ticker").Count);
        Assert.Equal(undisturbed, recorder.Printed("ticker"));
    }

    private static async Task<IReadOnlyList<string>> RunUndisturbedAsync(string name, int lines)
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(Specification(name), time, recorder);
        await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= lines, Step);
        return recorder.Printed("ticker").Take(lines).ToList();
    }

    [Fact]
    public async Task Capturing_the_state_twice_and_then_replacing_moves_the_stack_each_time()
    {
        var (node, time, recorder) = await StartAsync(Ticker("TwiceTicker"));
        await using var _ = node;
        await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= 2, Step);

        var first = await Drive.CompleteAsync(node, time, node.CaptureStateAsync("ticker"), Step);
        var second = await Drive.CompleteAsync(node, time, node.CaptureStateAsync("ticker"), Step);
        var replaced = await Drive.CompleteAsync(node, time, node.ReplaceAsync("ticker"), Step);

        Assert.Single(first.Frames);
        Assert.Single(second.Frames);
        Assert.Equal(1, replaced.MovedFrames["ticker"]);
        await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= 6, Step);
        Assert.Equal(Counts(1, 6), recorder.Printed("ticker").Take(6));
        Assert.NotEqual(ModuleStatus.Captured, node.Status["ticker"].Activity.Status);
    }

    [Fact]
    public async Task The_log_says_what_happened_a_capture_resumes_the_instance_and_a_replace_ends_the_old_one()
    {
        Ticker("LoggedTicker");
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        using var log = new Midflight.Control.Tests.LogCollector();
        using var logging = new Microsoft.Extensions.Logging.LoggerFactory([log]);
        var options = TestNodes.Options(time, recorder) with { LoggerFactory = logging };
        await using var node = await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(Specification("LoggedTicker")), options));
        await Drive.UntilAsync(node, time, () => recorder.Printed("ticker").Count >= 2, Step);

        await Drive.CompleteAsync(node, time, node.CaptureStateAsync("ticker"), Step);
        await Drive.CompleteAsync(node, time, node.ReplaceAsync("ticker"), Step);

        Assert.Equal(
            ["Module ticker (ticker) started", "Module ticker stopped at a reconfiguration point with its stack captured", "Module ticker resumed from its own stack",
             "Module ticker stopped at a reconfiguration point with its stack captured", "Module ticker (ticker) started", "Module ticker ended: Deleted"],
            log.Lines.Where(m => m.StartsWith("Module ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_module_that_has_finished_is_replaced_as_finished_and_never_runs_again()
    {
        var (node, time, recorder) = await StartAsync(Ticker("FinishingTicker", rounds: "3"));
        await using var _ = node;
        await Drive.UntilAsync(node, time, () => node.Status["ticker"].Activity.Status == ModuleStatus.Completed, Step);

        var result = await Drive.CompleteAsync(node, time, node.ReplaceAsync("ticker"), Step);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(10), Step);

        Assert.Equal(0, result.MovedFrames["ticker"]);
        Assert.Equal(ModuleStatus.Completed, node.Status["ticker"].Activity.Status);
        Assert.Equal(Counts(1, 3), recorder.Printed("ticker"));
    }

    [Fact]
    public async Task A_module_that_has_faulted_is_not_replaced_and_its_replace_says_why()
    {
        var (node, time, recorder) = await StartAsync(Ticker("FaultingTicker", beforePrint: "if (count == 3) { throw new InvalidOperationException(\"tick three\"); }"));
        await using var _ = node;
        await Drive.UntilAsync(node, time, () => node.Status["ticker"].Activity.Status == ModuleStatus.Faulted, Step);

        var refusal = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time, node.ReplaceAsync("ticker"), Step));
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(5), Step);

        Assert.Contains("has faulted (tick three)", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(Counts(1, 2), recorder.Printed("ticker"));
        Assert.Equal(ModuleStatus.Faulted, node.Status["ticker"].Activity.Status);
    }
}
