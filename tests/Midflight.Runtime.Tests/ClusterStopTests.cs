using Midflight.Cluster;
using Midflight.Model;
using Midflight.Runtime.Tests.BruteForce;

namespace Midflight.Runtime.Tests;

/// <summary>A node of a cluster stops when asked, even while a move it has a part in waits for a coordinator that died.</summary>
public sealed class ClusterStopTests
{
    [Fact]
    public async Task A_node_expecting_a_move_whose_coordinator_died_still_stops()
    {
        await using var cluster = await ClusterApplication.StartAsync();
        var consumer = ClusterApplication.Consumer(0);
        var (source, target) = (cluster[cluster.Coordinator.Status[consumer].Node!], cluster["n3"]);
        // The first steps of a move of c0 to n3, as a coordinator would ask them — and then nothing:
        // it died before the commit or the abort. n3 holds its reconfiguration lock for the move.
        var expect = new ExpectStep("a-move", consumer, ConfigurationPrinter.Print(source.Node.Status[consumer].Spec),
            ShippedCode.Of(source.Node.ImageOf(consumer)), new ShareStep([], [], "move c0 to n3", "test"));
        var (error, _) = Wire.ReadReply(await target.Cluster.HandleAsync(Wire.Request(expect)));
        Assert.Null(error);

        await target.Node.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(target.Node.Status.Instances.Where(i => i.Node == "n3"));
    }
}
