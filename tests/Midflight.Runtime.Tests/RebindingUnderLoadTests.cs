using Midflight.Runtime;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Replacements racing a writer on real threads and real time: the writer is mid-enqueue on the old
/// queue at the moment of the switch far more often than on fake time, which is what retirement and
/// forwarding exist for.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class RebindingUnderLoadTests
{
    private static readonly string Configuration = TestNodes.Pipeline("flood", "Flood", "collector", "Collector");

    [Fact]
    public async Task A_consumer_replaced_while_a_producer_writes_flat_out_receives_every_value_once_in_order()
    {
        var recorder = new Recorder();
        await using var node = await Node.StartAsync(TestNodes.Parse(Configuration), new NodeOptions
        {
            Tracer = recorder,
            Output = recorder,
            BaseDirectory = AppContext.BaseDirectory,
        });

        for (var i = 0; i < 30; i++)
        {
            var result = await node.ReplaceAsync("collector");
            Assert.InRange(result.Paused, TimeSpan.FromTicks(1), result.Duration);
        }
        await node.ReconfigureAsync(Reconfiguration.Of(new StopModule(ModuleRef.Current("flood"))));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WhenIdleAsync(bound.Token);

        var written = recorder.WrittenOn("flood", "out").Count;
        var read = recorder.ReadOn("collector", "in").Select(m => m.Single<int>()).ToList();
        Assert.Equal(Enumerable.Range(0, written), read);
        Assert.Equal(ModuleStatus.Paused, node.Status["flood"].Activity.Status);
    }
}
