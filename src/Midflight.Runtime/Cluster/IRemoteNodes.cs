using Midflight.Model;
using Midflight.Runtime.Bus;

namespace Midflight.Runtime.Cluster;

/// <summary>
/// What a node of a cluster needs of the other nodes: implemented by the cluster layer, absent from
/// the embedded node, which therefore pays nothing for the cluster.
/// </summary>
internal interface IRemoteNodes
{
    /// <summary>This node's name: what a <c>machine</c> attribute says to run an instance here.</summary>
    string LocalNode { get; }

    /// <summary>The nodes of the cluster, with the instances of <paramref name="application"/> each hosts.</summary>
    System.Collections.Immutable.ImmutableArray<NodeStatus> Nodes(Hosting.ApplicationState application);

    /// <summary>The link a write to <paramref name="endpoint"/>, an interface of an instance on another node, goes through.</summary>
    Inbox LinkTo(Endpoint endpoint);

    /// <summary>Whether <paramref name="reconfiguration"/> places, moves or changes an instance on another node, so that this node cannot carry it out alone.</summary>
    bool Spans(Node node, Reconfiguration reconfiguration);

    /// <summary>Carries out, across the nodes it involves, a reconfiguration that <see cref="Spans"/> them.</summary>
    /// <exception cref="ReconfigurationException">It did not happen; the application is as it was on every node.</exception>
    Task<ReconfigurationResult> CarryOutAsync(Node node, Reconfiguration reconfiguration, CancellationToken cancellationToken);

    /// <summary>Rolls back the last update of an instance another node runs, there (see <see cref="Node.RollbackAsync"/>).</summary>
    Task<ReconfigurationResult> RollbackAsync(Node node, string instance, string requestedBy, bool fromSnapshot, CancellationToken cancellationToken);

    /// <summary>Captures the state of an instance another node runs, there (see <see cref="Node.CaptureStateAsync"/>).</summary>
    Task<State.Snapshot> CaptureStateAsync(Node node, string instance, CancellationToken cancellationToken);

    /// <summary>
    /// The node is stopping: the changes across nodes it has a part in let go of its lock, for it to
    /// stop even if one of them waits for a coordinator that died.
    /// </summary>
    void Stopping();
}
