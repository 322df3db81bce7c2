using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
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
/// Writer and retirer meet Dekker-style: a writer counts its message written (an interlocked add, a
/// full fence) and then reads <c>_state</c>, and if the queue is no longer open it takes the count
/// back; the retirer writes <c>_state</c>, fences, and then waits until the queue holds every message
/// counted written and not taken. At least one of them sees the other, and a message is counted
/// before it is enqueued, so the queue never holds that many while a write is still on its way. A
/// writer held at a full queue has taken its count back: it waits outside, so a retirement never
/// waits for it, and it tries again, on the successor, once woken.
///
/// Held writer and reader meet the same way, the fence on the writer's side alone (see <see cref="Hold"/>):
/// the writer adds itself to <c>_heldWriters</c> and then reads how many messages the reader has taken;
/// the reader counts the message it takes and then reads <c>_heldWriters</c>. The held writers are an
/// array replaced whole, so that a reader rings them without a lock: it may ring them on every message
/// it takes until they have woken, and a lock there would meet each writer letting itself go.
///
/// Writers and reader share no counter: the count of messages is what was written less what was
/// taken, each counted on its own cache line by its own side, so a message moves no line from one
/// core to the other but the queue's own. A writer tests the capacity against the last count of taken
/// messages it read, which is never more than the true one, and reads the reader's line again only
/// when that count says the queue is full.
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

    /// <summary>
    /// What every write and read goes through: the messages, the writers' counts and the reader's,
    /// each side's alone on its cache line. An idle module's queue — a node may hold a hundred
    /// thousand — has none of it until it is first written to.
    /// </summary>
    private sealed class Lane
    {
        public readonly ConcurrentQueue<Envelope> Items = new();
        public WriterCounts Writing;
        public PaddedCounter Taken;

        /// <summary>How many messages it holds, and for a moment the writes on their way to it or taking their count back.</summary>
        public int Count
        {
            get
            {
                var taken = Volatile.Read(ref Taken.Value); // first: what is counted written is never below what was enqueued, so the difference is not below the truth
                return Math.Max(0, Volatile.Read(ref Writing.Written) - taken);
            }
        }
    }

    /// <summary>
    /// The writers' side of a lane, alone on its cache line: the messages counted written, and the count
    /// of taken messages the writers last read.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct WriterCounts
    {
        /// <summary>Messages counted written (wrapping): each before it is enqueued, and taken back by a writer that then does not enqueue.</summary>
        [FieldOffset(64)]
        public int Written;

        /// <summary>The reader's count of taken messages as a writer last read it: a lower bound, refreshed when the queue looks full.</summary>
        [FieldOffset(68)]
        public int TakenSeen;
    }

    /// <summary>How many messages it holds before its writers wait; <see cref="int.MaxValue"/> for a client's replies.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>
    /// How few messages it holds when its held writers are let go: half its capacity. Not the first
    /// free place, so that a writer faster than its reader waits once per half a queue, not per message.
    /// </summary>
    public int LowWater { get; } = capacity / 2;

    public int Count => Volatile.Read(ref _lane)?.Count ?? 0;

    public bool IsEmpty => Volatile.Read(ref _lane)?.Items.IsEmpty ?? true;

    /// <summary>The lane, made if this is the first write. Published before any writer counts itself in it, so a retirer that finds no lane has no writer to wait for.</summary>
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
        var lane = Written;
        var written = Interlocked.Increment(ref lane.Writing.Written);
        if (_state != Open)
        {
            Interlocked.Decrement(ref lane.Writing.Written);
            return Forward(envelope, overCapacity);
        }
        if (!overCapacity && IsFull(lane, written - 1))
        {
            Interlocked.Decrement(ref lane.Writing.Written);
            return this;
        }
        lane.Items.Enqueue(envelope);
        reader.Ring();
        return null;
    }

    /// <summary>
    /// Whether a writer must wait, with <paramref name="before"/> messages counted written before its own:
    /// tested against the taken count it last read, and only if that says full, against the reader's.
    /// </summary>
    private bool IsFull(Lane lane, int before)
    {
        if (before - lane.Writing.TakenSeen < Capacity)
        {
            return false;
        }
        var taken = Volatile.Read(ref lane.Taken.Value);
        lane.Writing.TakenSeen = taken; // writers race here harmlessly: whichever count lands is one the reader reached
        return before - taken >= Capacity;
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
    /// The reader counts what it takes with a plain write and then reads the held writers, with no
    /// fence between, so a writer held here makes the fence for both: a process-wide barrier, after it
    /// has added itself and before it reads the reader's count. A read of the held writers the reader
    /// made before the barrier comes after a count the barrier made visible to this writer; one made
    /// after it sees this writer. It costs microseconds, once per half a queue a writer is held for.
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
        if (Volatile.Read(ref _lane) is not { } lane || !lane.Items.TryDequeue(out envelope))
        {
            envelope = default;
            return false;
        }
        // One reader takes at a time (a reconfiguration takes only from a queue whose reader is
        // stopped), so the count is a plain write; its meeting with held writers is their barrier (see Hold).
        Volatile.Write(ref lane.Taken.Value, lane.Taken.Value + 1);
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
    public Envelope[] Snapshot() => Volatile.Read(ref _lane)?.Items.ToArray() ?? [];

    /// <summary>
    /// Adds messages copied from another queue, before any routed here after the commit. They may
    /// fill it over its capacity: nothing is dropped, and writers wait until the reader has taken half.
    /// </summary>
    public void EnqueueCopied(Envelope[] envelopes)
    {
        var lane = Written;
        Interlocked.Add(ref lane.Writing.Written, envelopes.Length); // counted before enqueued, as every write is
        foreach (var envelope in envelopes)
        {
            lane.Items.Enqueue(envelope);
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
        if (Volatile.Read(ref _lane) is not { } lane)
        {
            return;
        }
        // Until every write that counted itself has enqueued or taken its count back.
        var spin = new SpinWait();
        while (Volatile.Read(ref lane.Writing.Written) - Volatile.Read(ref lane.Taken.Value) != lane.Items.Count)
        {
            spin.SpinOnce();
        }
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
