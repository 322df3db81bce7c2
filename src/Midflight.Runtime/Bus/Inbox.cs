using Midflight.Model;

namespace Midflight.Runtime.Bus;

/// <summary>
/// Where a write goes: the one seam of the bus. A module's outgoing port holds inboxes, a request
/// holds the inbox its reply goes to, and a retired queue forwards to one. On this node an inbox is
/// the reader's <see cref="InterfaceQueue"/>; for an instance on another node it is a link that
/// carries the message there (the cluster layer's), so a writer never knows where its reader runs.
/// </summary>
internal abstract class Inbox(Endpoint endpoint)
{
    /// <summary>The instance and interface that read what is delivered here.</summary>
    public Endpoint Endpoint { get; } = endpoint;

    /// <summary>Delivers <paramref name="envelope"/>, or says where the writer is to wait.</summary>
    /// <param name="envelope">The message, and where its reply goes.</param>
    /// <param name="overCapacity">Whether to deliver it even to a full queue: for a writer on its way to a quiet moment a reconfiguration waits for.</param>
    /// <returns>Null once delivered (or dropped with a removed queue); the full queue otherwise, at which the writer is to be held.</returns>
    public abstract InterfaceQueue? TryEnqueue(in Envelope envelope, bool overCapacity = false);
}
