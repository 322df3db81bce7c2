using System.Collections.Concurrent;
using System.Diagnostics;
using Midflight.Model;

namespace Midflight.Runtime.Bus;

/// <summary>
/// The FIFO queue of one incoming interface of one module instance. Any number of writers, one
/// reader (the owning module).
/// </summary>
/// <remarks>
/// A reconfiguration retires a queue in two steps. <see cref="BeginRetirement"/> stops new enqueues
/// (writers that arrive spin) and waits for enqueues in progress to finish, so the contents are
/// final and can be copied to the queue that replaces this one. <see cref="CompleteRetirement"/>
/// then names that successor, and the writers that were held are forwarded to it — after the copied
/// messages, so FIFO holds on every binding across the switch. A writer that loaded its targets
/// before the switch thus still delivers exactly once, in order.
///
/// Writer and retirer meet Dekker-style: a writer increments <c>_writers</c> (a full fence) and then
/// reads <c>_state</c>; the retirer writes <c>_state</c>, fences, and then reads <c>_writers</c>.
/// At least one of them sees the other.
/// </remarks>
internal sealed class InterfaceQueue(Endpoint endpoint, Doorbell reader)
{
    private const int Open = 0;
    private const int Retiring = 1;
    private const int Retired = 2;

    private readonly ConcurrentQueue<Envelope> _items = new();
    private PaddedCounter _writers;
    private volatile int _state;
    private InterfaceQueue? _successor;

    public Endpoint Endpoint { get; } = endpoint;

    public int Count => _items.Count;

    public bool IsEmpty => _items.IsEmpty;

    public void Enqueue(in Envelope envelope)
    {
        Interlocked.Increment(ref _writers.Value);
        if (_state == Open)
        {
            _items.Enqueue(envelope);
            Interlocked.Decrement(ref _writers.Value);
            reader.Ring();
            return;
        }
        Interlocked.Decrement(ref _writers.Value);
        Forward(envelope);
    }

    private void Forward(in Envelope envelope)
    {
        var spin = new SpinWait();
        while (_state == Retiring)
        {
            spin.SpinOnce();
        }
        // No successor: the queue was removed, and this message, sent before the removal, goes with it.
        _successor?.Enqueue(envelope);
    }

    public bool TryDequeue(out Envelope envelope) => _items.TryDequeue(out envelope);

    /// <summary>The queued messages, oldest first, without taking them.</summary>
    public Envelope[] Snapshot() => _items.ToArray();

    /// <summary>Adds messages copied from another queue, before any routed here after the commit.</summary>
    public void EnqueueCopied(Envelope[] envelopes)
    {
        foreach (var envelope in envelopes)
        {
            _items.Enqueue(envelope);
        }
        if (envelopes.Length > 0)
        {
            reader.Ring();
        }
    }

    /// <summary>Discards the queued messages (the <c>rmq</c> primitive on a queue that stays).</summary>
    public int Clear()
    {
        var removed = 0;
        while (_items.TryDequeue(out _))
        {
            removed++;
        }
        return removed;
    }

    public void BeginRetirement()
    {
        Debug.Assert(_state == Open, "a queue is retired once");
        _state = Retiring;
        Interlocked.MemoryBarrier();
        var spin = new SpinWait();
        while (Volatile.Read(ref _writers.Value) != 0)
        {
            spin.SpinOnce();
        }
    }

    public void CompleteRetirement(InterfaceQueue? successor)
    {
        Debug.Assert(_state == Retiring, "retirement completes what it began");
        _successor = successor;
        _state = Retired; // volatile write: publishes _successor to the writers spinning in Forward
    }

    public override string ToString() => $"queue '{Endpoint}' ({Count})";
}
