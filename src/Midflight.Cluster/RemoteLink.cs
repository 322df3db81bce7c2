using Midflight.Model;
using Midflight.Runtime.Bus;

namespace Midflight.Cluster;

/// <summary>
/// The inbox of an interface of an instance that runs on another node, or that may move: what a port
/// targets where a local queue would stand. A write goes through the instance's <see cref="Route"/>.
/// </summary>
internal sealed class RemoteLink(Endpoint endpoint, Route route) : Inbox(endpoint)
{
    public override InterfaceQueue? TryEnqueue(in Envelope envelope, bool overCapacity = false) => route.Send(Endpoint, envelope, overCapacity);
}
