using System.Collections.Frozen;
using Midflight.Model;
using Midflight.Runtime.Bus;

namespace Midflight.Runtime.Cluster;

/// <summary>
/// An instance of the application that another node of the cluster hosts, as this node sees it: its
/// specification, the node that runs it, and the link that carries a write to each of its incoming
/// interfaces there.
/// </summary>
internal sealed record RemoteInstance(string Name, ModuleSpec Spec, string Node, FrozenDictionary<string, Inbox> Inboxes)
{
    /// <summary>Whether the node that ran it has left the cluster: its state is gone, and writes to it are refused.</summary>
    public bool IsLost { get; init; }
}
