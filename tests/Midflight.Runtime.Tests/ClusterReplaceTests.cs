using Midflight.Runtime.Tests.BruteForce;

namespace Midflight.Runtime.Tests;

/// <summary>An instance replaced on the node that runs it, while another node writes to it: the writer's link names the instance, and follows it.</summary>
public sealed class ClusterReplaceTests
{
    [Fact]
    public async Task An_instance_written_to_from_another_node_is_replaced_where_it_runs_and_loses_nothing()
    {
        await using var cluster = await ClusterApplication.StartAsync();
        var consumer = ClusterApplication.Consumer(2);
        var producer = ClusterApplication.Producer(2);
        Assert.Equal(ClusterApplication.Launcher, cluster.Coordinator.Status[consumer].Node);
        Assert.NotEqual(ClusterApplication.Launcher, cluster.Coordinator.Status[producer].Node);

        var result = await cluster.Coordinator.ReplaceAsync(consumer).WaitAsync(TimeSpan.FromSeconds(30));

        // Run and the four frames of its recursion, moved into the new incarnation here.
        Assert.Equal(5, result.MovedFrames[consumer]);
        Assert.Equal(ClusterApplication.Launcher, cluster.Coordinator.Status[consumer].Node);
        var recorder = cluster.Recorder;
        var after = recorder.CountOf(producer, "out", written: true) + 100;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await recorder.UntilAsync(() => recorder.CountOf(consumer, "in", written: false) >= after, bound.Token);
        var read = recorder.ReadOn(consumer, "in");
        Assert.Equal(recorder.WrittenOn(producer, "out").Take(read.Count), read);
    }
}
