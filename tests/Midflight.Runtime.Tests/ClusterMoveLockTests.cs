using Midflight.Cluster;
using Midflight.Model;
using Midflight.Runtime.Tests.BruteForce;

namespace Midflight.Runtime.Tests;

/// <summary>
/// The lock a node takes for its part in a move is let go of when no one will end the move: the node
/// stops even while its coordinator is dead, and a step that comes after its move's abort is refused.
/// </summary>
public sealed class ClusterMoveLockTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_node_expecting_a_move_whose_coordinator_died_still_stops()
    {
        await using var cluster = await ClusterApplication.StartAsync();
        var (expect, target) = ExpectC0AtN3(cluster);
        // The first step of a move of c0 to n3, as a coordinator would ask it — and then nothing: it died
        // before the commit or the abort. n3 holds its reconfiguration lock for the move.
        Assert.Null(await AskAsync(target.Cluster, expect));

        await target.Node.StopAsync().WaitAsync(Bound);

        Assert.Empty(target.Node.Status.Instances);
    }

    [Fact]
    public async Task A_step_that_comes_after_its_move_was_abandoned_is_refused_and_holds_no_lock()
    {
        await using var cluster = await ClusterApplication.StartAsync();
        var (expect, target) = ExpectC0AtN3(cluster);
        // The abort overtook the step, which waited for the node's lock behind another change.
        Assert.Null(await AskAsync(target.Cluster, new AbortStep(expect.Move, expect.Instance, "n2")));

        var refused = await AskAsync(target.Cluster, expect);

        Assert.Equal($"node 'n3': move {expect.Move} was abandoned", refused);
        // The lock is free: a change on n3 takes it at once.
        await target.Node.ReplaceAsync(ClusterApplication.Consumer(1)).WaitAsync(Bound);
    }

    private static (ExpectStep Expect, (ClusterNode Cluster, Node Node) Target) ExpectC0AtN3(ClusterApplication cluster)
    {
        var consumer = ClusterApplication.Consumer(0);
        var source = cluster[cluster.Coordinator.Status[consumer].Node!];
        var expect = new ExpectStep("a-move", consumer, ConfigurationPrinter.Print(source.Node.Status[consumer].Spec),
            ShippedCode.Of(source.Node.ImageOf(consumer)), new ShareStep([], [], "move c0 to n3", "test"));
        return (expect, cluster["n3"]);
    }

    /// <returns>The refusal, or null.</returns>
    private static async Task<string?> AskAsync<T>(ClusterNode node, T step) where T : notnull =>
        Wire.ReadReply(await node.HandleAsync(Wire.Request(step)).WaitAsync(Bound)).Error;
}
