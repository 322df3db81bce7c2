using System.Collections.Immutable;
using System.Diagnostics;
using Midflight.Model;

namespace Midflight.Runtime.Bus;

/// <summary>
/// The FIFO queue of one incoming interface of one module instance. Any number of writers, one
/// reader (the owning module). Bounded: a writer that finds it full is held (see
/// <see cref="TryEnqueue"/>) until the reader has taken half of it.
/// </summary>
/// <remarks>
/// A reconfiguration retires a queue in two steps. <see cref="BeginRetirement"/> stops new enqueues
/// (writers that arrive spin) and waits for enqueues in progress to finish, so the contents are
/// final and can be copied to the queue that replaces this one. <see cref="CompleteRetirement"/>
/// then names that successor, and the writers that were held are forwarded to it — after the copied
/// messages, so FIFO holds on every binding across the switch. A writer that loaded its targets
/// before the switch thus still delivers exactly once, in order.
///
/// Writer and retirer meet Dekker-style: a writer claims its message's place in the lane (a
/// compare-and-swap, a full fence) and then reads <c>_state</c>, and if the queue is no longer open it
/// publishes the place skipped and forwards the message; the retirer writes <c>_state</c>, fences, and
/// then waits until every place claimed is published. At least one of them sees the other, so the
/// contents are final once the wait ends. A writer held at a full queue has claimed nothing: it waits
/// outside, so a retirement never waits for it, and it tries again, on the successor, once woken.
///
/// Held writer and reader meet the same way, the fence on the writer's side alone (see <see cref="Hold"/>):
/// the writer adds itself to <c>_heldWriters</c> and then reads the lane's head; the reader moves the
/// head past the message it takes and then reads <c>_heldWriters</c>. The held writers are an array
/// replaced whole, so that a reader rings them without a lock: it may ring them on every message it
/// takes until they have woken, and a lock there would meet each writer letting itself go.
///
/// The messages and their count are the lane's (see <see cref="Lane"/>): one interlocked operation
/// a message for the writer, none for the reader.
/// </remarks>
internal sealed class InterfaceQueue(Endpoint endpoint, Doorbell reader, int capacity, IQueueReader owner, IBusTracer? tracer) : Inbox(endpoint)
{
    private const int Open = 0;
    private const int Retiring = 1;
    private const int Retired = 2;

    private Doorbell[] _heldWriters = []; // replaced whole, never changed in place
    private Lane? _lane; // made by the first write: a queue never written to carries none of it
    private volatile int _state;
    private Inbox? _successor;

    /// <summary>How many messages it holds before its writers wait; <see cref="int.MaxValue"/> for a client's replies.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>
    /// How few messages it holds when its held writers are let go: half its capacity. Not the first
    /// free place, so that a writer faster than its reader waits once per half a queue, not per message.
    /// </summary>
    public int LowWater { get; } = capacity / 2;

    public int Count => (int)(Volatile.Read(ref _lane)?.Count ?? 0);

    /// <summary>
    /// Whether the reader would find nothing to take; once it has armed its doorbell to sleep, nothing
    /// on its way either (see <see cref="Lane.NothingClaimed"/>). The reader's own question.
    /// </summary>
    public bool IsEmpty => Volatile.Read(ref _lane) is not { } lane || (reader.IsArmed ? lane.NothingClaimed : lane.IsEmpty);

    /// <summary>The lane, made if this is the first write. Published before any writer claims a place in it, so a retirer that finds no lane has no writer to wait for.</summary>
    private Lane Written => Volatile.Read(ref _lane) ?? Interlocked.CompareExchange(ref _lane, new Lane(), null) ?? _lane!;

    /// <summary>
    /// Whether a held writer may try again: the reader has taken the queue down to <see cref="LowWater"/>,
    /// or the queue has been retired and forwards. Not merely a free place: a writer woken for another
    /// reason (a pause asked for) waits on.
    /// </summary>
    public bool HasRoomAgain => _state != Open || Count <= LowWater;

    /// <summary>Where its reader is in its life: why a writer held here may wait long.</summary>
    public ModuleStatus ReaderStatus => owner.Status;

    /// <summary>Delivers <paramref name="envelope"/> here, or to the successor of a retired queue.</summary>
    public override InterfaceQueue? TryEnqueue(in Envelope envelope, bool overCapacity = false)
    {
        if (!Written.TryClaim(overCapacity ? long.MaxValue : Capacity, out var claim))
        {
            return _state == Open ? this : Forward(envelope, overCapacity);
        }
        if (_state != Open) // read after the claim, which fenced: see the remarks
        {
            claim.Skip();
            return Forward(envelope, overCapacity);
        }
        claim.Fill(envelope);
        reader.Ring();
        return null;
    }

    private InterfaceQueue? Forward(in Envelope envelope, bool overCapacity)
    {
        var spin = new SpinWait();
        while (_state == Retiring)
        {
            spin.SpinOnce();
        }
        if (_successor is { } successor)
        {
            return successor.TryEnqueue(envelope, overCapacity);
        }
        // No successor: the queue was removed, and this message, sent before the removal, goes with it.
        tracer?.Discarded(Endpoint.Instance, Endpoint.Interface, envelope.Message);
        return null;
    }

    /// <summary>Counts a writer as held here, to be rung when there is room again; before it tests <see cref="HasRoomAgain"/>.</summary>
    /// <remarks>
    /// The reader moves the lane's head with a plain write and then reads the held writers, with no
    /// fence between, so a writer held here makes the fence for both: a process-wide barrier, after it
    /// has added itself and before it reads the head. A read of the held writers the reader made
    /// before the barrier comes after a head the barrier made visible to this writer; one made after
    /// it sees this writer. It costs microseconds, once per half a queue a writer is held for.
    /// </remarks>
    public void Hold(Doorbell writer)
    {
        ImmutableInterlocked.Update(ref _heldWriters, static (held, writer) => [.. held, writer], writer);
        Interlocked.MemoryBarrierProcessWide();
    }

    public void Release(Doorbell writer) =>
        ImmutableInterlocked.Update(ref _heldWriters, static (held, writer) => Array.FindAll(held, w => w != writer), writer);

    public bool TryDequeue(out Envelope envelope)
    {
        if (Volatile.Read(ref _lane) is not { } lane || !lane.TryTake(out envelope))
        {
            envelope = default;
            return false;
        }
        // The lane's head, a plain write, meets held writers through their barrier (see Hold).
        if (Volatile.Read(ref _heldWriters).Length != 0 && lane.Count <= LowWater)
        {
            RingHeld();
        }
        return true;
    }

    private void RingHeld()
    {
        foreach (var writer in Volatile.Read(ref _heldWriters))
        {
            writer.Ring();
        }
    }

    /// <summary>The queued messages, oldest first, without taking them.</summary>
    public Envelope[] Snapshot() => Volatile.Read(ref _lane)?.Snapshot() ?? [];

    /// <summary>
    /// Adds messages copied from another queue, before any routed here after the commit. They may
    /// fill it over its capacity: nothing is dropped, and writers wait until the reader has taken half.
    /// </summary>
    public void EnqueueCopied(Envelope[] envelopes)
    {
        var lane = Written;
        foreach (var envelope in envelopes)
        {
            lane.TryClaim(long.MaxValue, out var claim);
            claim.Fill(envelope);
        }
        if (envelopes.Length > 0)
        {
            reader.Ring();
        }
    }

    /// <summary>Discards the queued messages: the <c>rmq</c> primitive, or what a deleted instance leaves that nothing copied.</summary>
    /// <returns>How many it discarded.</returns>
    public int Clear()
    {
        var removed = 0;
        while (TryDequeue(out var envelope))
        {
            tracer?.Discarded(Endpoint.Instance, Endpoint.Interface, envelope.Message);
            removed++;
        }
        return removed;
    }

    public void BeginRetirement()
    {
        Debug.Assert(_state == Open, "a queue is retired once");
        _state = Retiring;
        Interlocked.MemoryBarrier();
        // Until every write that claimed a place has filled it or skipped it.
        Volatile.Read(ref _lane)?.WaitPublished();
    }

    public void CompleteRetirement(Inbox? successor)
    {
        Debug.Assert(_state == Retiring, "retirement completes what it began");
        _successor = successor;
        _state = Retired; // volatile write: publishes _successor to the writers spinning in Forward
        // Writers held here try again, and go on to the successor.
        RingHeld();
    }

    public override string ToString() => $"queue '{Endpoint}' ({Count})";
}
