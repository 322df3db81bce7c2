using Midflight.Runtime.Tests.BruteForce;

namespace Midflight.Runtime.Tests;

/// <summary>
/// A module without reconfiguration points moves to another node at a quiet moment: the state it
/// divulges goes with it and is installed there, its queue too, and it starts its run over from that
/// state — as a replace of such a module does on one node.
/// </summary>
public sealed class ClusterQuietMoveTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_producer_and_a_consumer_without_points_move_across_nodes_and_the_numbers_run_on_in_order()
    {
        await using var cluster = await ClusterApplication.StartAsync($$"""
            module producer { source = "{{TestNodes.TestModule("Sequencer")}}" :: define interface out pattern = {string, integer} :: machine = "n2" :: }
            module consumer { source = "{{TestNodes.TestModule("SequenceSink")}}" :: use interface in pattern = {string, integer} :: machine = "n3" :: }
            module app { instance producer instance consumer bind "producer out" "consumer in" }
            """);
        var (node, recorder) = (cluster.Coordinator, cluster.Recorder);
        using var bound = new CancellationTokenSource(Bound);
        Task Read(int messages) => recorder.UntilAsync(() => recorder.CountOf("consumer", "in", written: false) >= messages, bound.Token);

        await Read(4);
        var producerMoved = await node.ReconfigureAsync(Scripts.Move(node.Status, "producer", "n3")).WaitAsync(Bound);
        await Read(10);
        var consumerMoved = await node.ReconfigureAsync(Scripts.Move(node.Status, "consumer", "n1")).WaitAsync(Bound);
        await Read(16);

        Assert.Equal(0, producerMoved.MovedFrames["producer"]);
        Assert.Equal(0, consumerMoved.MovedFrames["consumer"]);
        Assert.Equal("n3", node.Status["producer"].Node);
        Assert.Equal("n1", node.Status["consumer"].Node);
        // Its origin and its next number divulged and installed: one run of numbers, whichever node wrote them.
        var written = recorder.WrittenOn("producer", "out");
        Assert.Equal(Enumerable.Range(0, written.Count).Select(n => Message.Of(Value.String("producer"), Value.Integer(n))), written);
        var read = recorder.ReadOn("consumer", "in");
        Assert.Equal(written.Take(read.Count), read);
    }
}
