using System.Collections.Immutable;
using Midflight.Model;

namespace Midflight.Runtime.Cluster;

/// <summary>
/// An instance on its way from one node to another: what its new node needs, besides its code (sent
/// ahead, before the instance stops), to resume it at its point as if it had not moved — its
/// snapshot (stack, fields, heap), the messages queued for it, and the requests it was serving or waiting on.
/// </summary>
/// <param name="Name">The instance.</param>
/// <param name="Spec">Its module's specification, with the <c>machine</c> it goes to.</param>
/// <param name="Snapshot">Its snapshot, encoded (<see cref="State.SnapshotCodec"/>), in <see cref="Buffer"/> where it is pooled.</param>
/// <param name="Frames">How many frames deep its stack was.</param>
/// <param name="Queues">Per incoming interface, its queued messages, oldest first.</param>
/// <param name="Owed">Per server interface, where the replies to the requests it read and has not answered go, oldest first.</param>
/// <param name="RequestsInProgress">Requests it read and has not answered, and sent and not had answered.</param>
internal sealed record ShippedInstance(
    string Name,
    ModuleSpec Spec,
    ReadOnlyMemory<byte> Snapshot,
    int Frames,
    ImmutableArray<ShippedQueue> Queues,
    ImmutableArray<ShippedReplies> Owed,
    int RequestsInProgress) : IDisposable
{
    /// <summary>The pooled buffer that holds the encoded snapshot, given back once the move is over; none where the snapshot is someone else's.</summary>
    public IDisposable? Buffer { get; init; }

    /// <summary>For an instance without reconfiguration points, the state it divulged in place of a snapshot: it starts its run over from it.</summary>
    public DivulgedState? Divulged { get; init; }

    public void Dispose() => Buffer?.Dispose();
}

/// <summary>The messages queued at one incoming interface of a shipped instance.</summary>
internal sealed record ShippedQueue(string Interface, ImmutableArray<ShippedMessage> Messages);

/// <summary>A queued message, and the interface its reply goes to if it is a request.</summary>
internal readonly record struct ShippedMessage(Message Message, Endpoint? ReplyTo);

/// <summary>Where the replies owed at one server interface of a shipped instance go.</summary>
internal sealed record ShippedReplies(string Interface, ImmutableArray<Endpoint> To);
