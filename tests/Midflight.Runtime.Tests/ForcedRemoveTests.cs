using Microsoft.Extensions.Logging;
using Midflight.Control.Tests;

namespace Midflight.Runtime.Tests;

/// <summary>
/// An instance that never gives control back cannot be removed at a quiet moment, since it has none;
/// removed by force, it is cut off at once, the application goes on, and its thread, which .NET
/// cannot abort, is reported as leaked. On real time: the spinner keeps the node from ever being idle.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class ForcedRemoveTests
{
    private static readonly string Application = $$"""
        module spinner { source = "{{TestNodes.TestModule("Spinner")}}" :: use interface in pattern = {integer} }
        module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
        module collector { source = "{{TestNodes.TestModule("Collector")}}" :: use interface in pattern = {integer} }
        module app { instance spinner instance counter instance collector bind "counter out" "collector in" }
        """;

    [Fact]
    public async Task An_instance_that_never_gives_control_back_is_refused_a_remove_and_removed_by_force_its_thread_reported_leaked()
    {
        using var log = new LogCollector();
        using var logging = new LoggerFactory([log]);
        var recorder = new Recorder();
        await using var node = await Node.StartAsync(TestNodes.Parse(Application), new NodeOptions
        {
            Tracer = recorder,
            Output = recorder,
            BaseDirectory = AppContext.BaseDirectory,
            LoggerFactory = logging,
            StopTimeout = TimeSpan.FromMilliseconds(300),
        });
        try
        {
            var refused = await Assert.ThrowsAsync<ReconfigurationException>(() =>
                node.ReconfigureAsync(Scripts.Remove(node.Status, "spinner") with { Timeout = TimeSpan.FromMilliseconds(300) }));
            Assert.Contains("no quiet moment within 0.3 s ('spinner' is Running)", refused.Message, StringComparison.Ordinal);
            Assert.Contains(node.Status.Instances, i => i.Name == "spinner");

            var removed = await node.ReconfigureAsync(Scripts.Remove(node.Status, "spinner", force: true));

            Assert.Equal(TimeSpan.Zero, removed.Paused);
            Assert.DoesNotContain(node.Status.Instances, i => i.Name == "spinner");
            Assert.True(await log.WaitForAsync(line => line == "Module spinner, removed by force, did not return within 0.3 s: its thread is leaked (.NET cannot abort a thread); it is cut off from the bus", TimeSpan.FromSeconds(30)),
                string.Join("\n", log.Lines));
            // The rest of the application is untouched and still changes.
            await node.ReplaceAsync("collector");
            Assert.Equal(["collector", "counter"], node.Status.Instances.Select(i => i.Name));
        }
        finally
        {
            Midflight.TestModules.Spinner.Release();
        }
    }

    [Fact]
    public async Task The_queue_of_an_instance_deleted_by_force_is_not_copied_since_it_may_be_taking_from_it_and_nothing_changes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.StartAsync(TestNodes.Pipeline("counter", "Counter", "collector", "Collector"), time, new Recorder());
        var before = node.Status;
        var (old, successor) = (ModuleRef.Current("collector"), ModuleRef.New("collector"));

        var refusal = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReconfigureAsync(Reconfiguration.Of(
            new AddModule(successor, before["collector"].Spec),
            new DeleteBinding(ModuleRef.Current("counter")["out"], old["in"]),
            new AddBinding(ModuleRef.Current("counter")["out"], successor["in"]),
            new CopyQueue(old["in"], successor["in"]),
            new StartModule(successor),
            new DeleteModule(old) { Forced = true })));

        Assert.Contains("is deleted by force and runs on until it is cut off, so it may take from that queue as it is copied", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before.Bindings, node.Status.Bindings);
        Assert.Equal(ModuleStatus.Waiting, node.Status["collector"].Activity.Status);
    }
}
