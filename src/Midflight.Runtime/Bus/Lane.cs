using System.Runtime.InteropServices;

namespace Midflight.Runtime.Bus;

/// <summary>
/// The messages of one queue (see <see cref="InterfaceQueue"/>): many writers, one reader, taken in
/// the order the writers claimed their places. Made by a queue's first write: an idle module's queue
/// carries none of it.
/// </summary>
/// <remarks>
/// A ring of slots, each carrying the position it is free for or holds, as the segments of
/// <c>ConcurrentQueue</c> do. A writer claims the tail's position with one compare-and-swap, fills
/// the slot, and publishes it by its sequence; the one reader takes from the head with plain writes.
/// The claim is also the message's count: how many the lane holds is the writers' tail less the
/// reader's head, each position alone on its cache line, so a message costs the writer one
/// interlocked operation and the reader none — where a <c>ConcurrentQueue</c> and a count beside it
/// cost the writer two and the reader one.
///
/// A writer tests the capacity before it claims, against the head as it last read it (never more than
/// the true one), and reads the reader's line again only when that says full. A place once claimed is
/// published: filled, or skipped when the writer finds the queue retiring (the reader passes it).
///
/// A ring found full is frozen — its tail moved out of reach, as <c>ConcurrentQueue</c> freezes a
/// segment — and a ring twice its size follows it, positions running on. The count stays the tail
/// of the last ring less the head, wherever the reader is.
/// </remarks>
internal sealed class Lane
{
    private const int FirstLength = 32;
    private const int LongestLength = 1 << 20;

    /// <summary>Added to a full ring's tail to freeze it: no writer's claim of a place in it can then succeed.</summary>
    private const long Frozen = 1L << 62;

    private readonly Lock _growing = new();
    private Ring _last; // where writers claim; replaced when it fills
    private Ring _first; // where the reader takes; written by it alone
    private ReaderSide _reader;
    private WriterSide _writers;

    public Lane() => _first = _last = new Ring(start: 0, FirstLength);

    /// <summary>How many places are claimed and not taken: the messages it holds, and for a moment those on their way or skipped.</summary>
    public long Count
    {
        get
        {
            var head = Volatile.Read(ref _reader.Head); // first: the tail read after is never below it
            return Volatile.Read(ref _last).Tail - head;
        }
    }

    /// <summary>Whether the reader would find no message published: the reader's own look, made as it spins.</summary>
    /// <remarks>
    /// A look that a reader about to sleep must not trust: see <see cref="NothingClaimed"/>.
    /// </remarks>
    public bool IsEmpty
    {
        get
        {
            var (ring, head) = (_first, _reader.Head);
            while (!ring.IsPublished(head))
            {
                if (ring.Next(head) is not { } next)
                {
                    return true;
                }
                ring = next;
            }
            return false;
        }
    }

    /// <summary>Whether no place is claimed past the reader's head: the look of a reader that has armed its doorbell to sleep.</summary>
    /// <remarks>
    /// A claim is an interlocked operation, seen by every core before its writer goes on to look
    /// whether the reader sleeps; the publication is a plain store, which a core may still hold as
    /// the writer looks. A reader that armed its doorbell and then found nothing published could sleep
    /// through a message whose writer found it not yet armed; one that finds the claim stays awake and
    /// takes the message once it is published (see <see cref="TryTake"/>). Reading the writers' tail
    /// costs their line, so a reader spinning looks at <see cref="IsEmpty"/> instead.
    /// </remarks>
    public bool NothingClaimed => Count == 0;

    /// <summary>
    /// Claims the next place, unless the lane holds <paramref name="capacity"/> messages already; the
    /// claim is a full fence, so what the writer reads after it is not older than the claim.
    /// </summary>
    public bool TryClaim(long capacity, out Claim claim)
    {
        var ring = Volatile.Read(ref _last);
        var spin = new SpinWait();
        while (true)
        {
            var tail = Volatile.Read(ref ring.Positions.Tail);
            var behind = Volatile.Read(ref ring.SlotAt(tail).Sequence) - tail;
            if (behind == 0)
            {
                if (IsFull(tail, capacity))
                {
                    claim = default;
                    return false;
                }
                if (Interlocked.CompareExchange(ref ring.Positions.Tail, tail + 1, tail) == tail)
                {
                    claim = new Claim(ring, tail);
                    return true;
                }
            }
            else if (behind < 0)
            {
                // The slot still holds a message a lap behind: the ring is full, or frozen.
                if (tail < Frozen && IsFull(tail, capacity))
                {
                    claim = default;
                    return false;
                }
                ring = Grow(ring);
                continue;
            }
            // Another writer claimed this place first.
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    private bool IsFull(long tail, long capacity)
    {
        if (tail - _writers.HeadSeen < capacity)
        {
            return false;
        }
        var head = Volatile.Read(ref _reader.Head);
        _writers.HeadSeen = head; // writers race here harmlessly: whichever head lands is one the reader reached
        return tail - head >= capacity;
    }

    /// <summary>The ring after <paramref name="full"/>: made, if no writer has made it yet, once <paramref name="full"/> is frozen.</summary>
    private Ring Grow(Ring full)
    {
        lock (_growing)
        {
            if (full.Following is null)
            {
                var end = Interlocked.Add(ref full.Positions.Tail, Frozen) - Frozen;
                full.End = end;
                var next = new Ring(end, Math.Min(full.Length * 2, LongestLength));
                Volatile.Write(ref full.Following, next); // after End: a reader that finds the next ring finds where this one ends
                Volatile.Write(ref _last, next);
            }
            return full.Following;
        }
    }

    /// <summary>Takes the oldest message, passing the places their writers skipped. The reader alone calls it.</summary>
    public bool TryTake(out Envelope envelope)
    {
        var (ring, head) = (_first, _reader.Head);
        var spin = new SpinWait();
        while (true)
        {
            if (ring.IsPublished(head))
            {
                ref var slot = ref ring.SlotAt(head);
                var skipped = slot.Skipped;
                envelope = slot.Item;
                // The message let go, the slot unskipped; its sequence is written last, and only once: a
                // writer that read it between would take the ring for full.
                slot.Item = default;
                slot.Skipped = false;
                Volatile.Write(ref slot.Sequence, head + ring.Length); // free for the next lap
                Volatile.Write(ref _reader.Head, ++head);
                if (!skipped)
                {
                    return true;
                }
            }
            else if (ring.Next(head) is { } next)
            {
                Volatile.Write(ref _first, ring = next);
            }
            else if (head < ring.Tail)
            {
                // Claimed, and its writer is publishing it: a moment.
                spin.SpinOnce();
            }
            else
            {
                envelope = default;
                return false;
            }
        }
    }

    /// <summary>The messages held, oldest first, without taking them: while neither the reader takes nor a writer writes.</summary>
    public Envelope[] Snapshot()
    {
        var messages = new List<Envelope>();
        var (ring, head) = (_first, _reader.Head);
        while (true)
        {
            if (ring.IsPublished(head))
            {
                ref var slot = ref ring.SlotAt(head++);
                if (!slot.Skipped)
                {
                    messages.Add(slot.Item);
                }
            }
            else if (ring.Next(head) is { } next)
            {
                ring = next;
            }
            else
            {
                return [.. messages];
            }
        }
    }

    /// <summary>Waits until every place claimed so far is published: no write is left on its way.</summary>
    public void WaitPublished()
    {
        var tail = Volatile.Read(ref _last).Tail;
        // The head before the ring: a reader that moves on meanwhile leaves a ring whose places before its start are all taken.
        var head = Volatile.Read(ref _reader.Head);
        var ring = Volatile.Read(ref _first);
        var at = Math.Max(head, ring.Start);
        var spin = new SpinWait();
        while (at < tail)
        {
            if (ring.Next(at) is { } next)
            {
                ring = next;
                continue;
            }
            // Published, or taken since (the slot is free for a later lap, or holds a later position).
            if (Volatile.Read(ref ring.SlotAt(at).Sequence) > at)
            {
                at++;
                continue;
            }
            spin.SpinOnce();
        }
    }

    /// <summary>A place a writer claimed: it publishes it filled, or skipped.</summary>
    internal readonly struct Claim
    {
        private readonly Ring _ring;
        private readonly long _position;

        internal Claim(Ring ring, long position) => (_ring, _position) = (ring, position);

        public void Fill(in Envelope envelope)
        {
            ref var slot = ref _ring.SlotAt(_position);
            slot.Item = envelope;
            Volatile.Write(ref slot.Sequence, _position + 1);
        }

        /// <summary>Publishes the place with no message in it: the writer took it as the queue was retiring.</summary>
        public void Skip()
        {
            ref var slot = ref _ring.SlotAt(_position);
            slot.Skipped = true;
            Volatile.Write(ref slot.Sequence, _position + 1);
        }
    }

    /// <summary>
    /// A ring of places: those from <c>start</c> on, until it is frozen at <see cref="End"/>. A slot's
    /// sequence is the position it is free for, or that position plus one once published.
    /// </summary>
    internal sealed class Ring
    {
        private readonly Slot[] _slots;
        private readonly int _mask;

        public Ring(long start, int length)
        {
            _slots = new Slot[length];
            _mask = length - 1;
            Start = start;
            for (var position = start; position < start + length; position++)
            {
                _slots[position & _mask].Sequence = position;
            }
            Positions.Tail = start;
        }

        public WriterPositions Positions;

        /// <summary>Where it was frozen: the first position of the next ring. Set before <see cref="Following"/>.</summary>
        public long End = long.MaxValue;

        public Ring? Following;

        public long Start { get; }

        public int Length => _slots.Length;

        /// <summary>The next position to claim, its freezing taken out.</summary>
        public long Tail
        {
            get
            {
                var tail = Volatile.Read(ref Positions.Tail);
                return tail >= Frozen ? tail - Frozen : tail;
            }
        }

        public ref Slot SlotAt(long position) => ref _slots[position & _mask];

        public bool IsPublished(long position) => Volatile.Read(ref SlotAt(position).Sequence) == position + 1;

        /// <summary>The ring that follows, once <paramref name="head"/> has reached this one's end.</summary>
        public Ring? Next(long head) => Volatile.Read(ref Following) is { } next && head >= End ? next : null; // Following first: End is written before it
    }

    internal struct Slot
    {
        public Envelope Item;
        public long Sequence;
        public bool Skipped;
    }

    /// <summary>A ring's tail, alone on its cache line: writers claim it on every message.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    internal struct WriterPositions
    {
        [FieldOffset(64)]
        public long Tail;
    }

    /// <summary>The reader's head, alone on its cache line: written on every message taken, read by writers only when the lane looks full.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct ReaderSide
    {
        [FieldOffset(64)]
        public long Head;
    }

    /// <summary>The head as writers last read it: theirs alone, so that testing the capacity reads no line the reader writes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct WriterSide
    {
        [FieldOffset(64)]
        public long HeadSeen;
    }
}
