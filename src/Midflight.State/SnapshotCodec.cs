using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MessagePack;
using Midflight.Model;

namespace Midflight.State;

/// <summary>
/// Encodes snapshots compactly with MessagePack, and decodes them with a clear error for anything
/// that is not a valid snapshot. Scalars are MessagePack's own types; a heap reference is extension
/// type <see cref="ReferenceExtension"/> holding the object's id.
/// </summary>
/// <remarks>
/// Layout: <c>["MFSN", format, [symbol…], module, [frame…], [slot…], [heap object…], [queue…], [worker…]]</c>,
/// where a frame is <c>[method, resume site, [slot…]]</c>, a worker <c>[name, [frame…]]</c> (from version 5), a slot <c>[name, type, value]</c>, a heap
/// object <c>[id, type, [slot…], [value…], numbers, [length…]]</c> and a queue <c>[interface, [[value…]…]]</c>. Module,
/// method, interface, slot and type names are symbols: indexes into the table at the front, so a deep
/// stack of one recursive method names it once. String values are written where they stand. A string
/// that is not well-formed UTF-16 (it holds a lone surrogate, which UTF-8 cannot carry) is extension
/// type <see cref="Utf16Extension"/> holding its UTF-16 code units, little-endian, so that it comes back exactly.
/// </remarks>
public static class SnapshotCodec
{
    private const string Magic = "MFSN";
    private const sbyte ReferenceExtension = 1;
    private const sbyte Utf16Extension = 2;
    private const int MaximumDepth = 64;

    /// <summary>
    /// The largest snapshot <see cref="Decode"/> reads: 1 GiB. Decoding holds the whole snapshot as
    /// objects, less than 64 bytes for each byte read (lists of one item, nested, are the worst case:
    /// an array and a value for every byte), so this bounds what reading an untrusted file can take.
    /// </summary>
    public const int MaximumSize = 1 << 30;

    /// <summary>The media type of an encoded snapshot, as the control endpoint sends it and <c>midflight state capture</c> asks for it.</summary>
    public const string MediaType = "application/x-midflight-snapshot";

    /// <summary>Refuses, before it is read, a snapshot larger than <see cref="MaximumSize"/>.</summary>
    /// <exception cref="SnapshotFormatException">It is larger.</exception>
    public static void CheckSize(long length)
    {
        if (length > MaximumSize)
        {
            throw new SnapshotFormatException($"the snapshot is {length} bytes, more than the {MaximumSize} (1 GiB) a snapshot may have");
        }
    }

    public static byte[] Encode(Snapshot snapshot)
    {
        using var encoded = SnapshotBuffers.Rent();
        Encode(snapshot, encoded);
        return encoded.ToArray();
    }

    /// <summary>Encodes <paramref name="snapshot"/> into <paramref name="output"/>, through pooled buffers only (see <see cref="SnapshotBuffers"/>).</summary>
    /// <exception cref="Graph.StateCaptureException">The snapshot carries fields by reference (<see cref="Snapshot.Carried"/>), which only its own process can read.</exception>
    public static void Encode(Snapshot snapshot, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Carried.Count > 0)
        {
            throw new Graph.StateCaptureException($"fields {string.Join(", ", snapshot.Carried.Keys.Select(k => $"'{k}'"))} hold lazily converted objects, handed over by reference, which cannot leave the process");
        }
        // The body first, collecting symbols as they come; then the header with the symbol table.
        var symbols = new Dictionary<string, int>(StringComparer.Ordinal);
        using var body = SnapshotBuffers.Rent();
        var writer = new MessagePackWriter(body);
        WriteSymbol(ref writer, symbols, snapshot.Module);
        WriteAll(ref writer, symbols, snapshot.Frames, WriteFrame);
        WriteSlots(ref writer, symbols, snapshot.Fields);
        WriteAll(ref writer, symbols, snapshot.Heap, static (ref MessagePackWriter w, Dictionary<string, int> t, HeapObject heapObject) =>
        {
            w.WriteArrayHeader(6);
            w.Write(heapObject.Id);
            WriteSymbol(ref w, t, heapObject.Type);
            WriteSlots(ref w, t, heapObject.Fields);
            WriteValues(ref w, t, heapObject.Elements);
            WriteNumbers(ref w, heapObject.Numbers);
            w.WriteArrayHeader(heapObject.Lengths.Count);
            foreach (var length in heapObject.Lengths)
            {
                w.Write(length);
            }
        });
        WriteAll(ref writer, symbols, snapshot.Queues, static (ref MessagePackWriter w, Dictionary<string, int> t, QueuedMessages queue) =>
        {
            w.WriteArrayHeader(2);
            WriteSymbol(ref w, t, queue.Interface);
            WriteAll(ref w, t, queue.Messages, WriteValues);
        });
        WriteAll(ref writer, symbols, snapshot.Workers, static (ref MessagePackWriter w, Dictionary<string, int> t, WorkerStack worker) =>
        {
            w.WriteArrayHeader(2);
            WriteSymbol(ref w, t, worker.Worker);
            WriteAll(ref w, t, worker.Frames, WriteFrame);
        });
        writer.Flush();

        var header = new MessagePackWriter(output);
        header.WriteArrayHeader(9);
        header.Write(Magic);
        header.Write(State.Snapshot.FormatVersion);
        header.WriteArrayHeader(symbols.Count);
        foreach (var symbol in symbols.OrderBy(s => s.Value))
        {
            WriteString(ref header, symbol.Key);
        }
        header.WriteRaw(body.GetReadOnlySequence());
        header.Flush();
    }

    private static void WriteFrame(ref MessagePackWriter writer, Dictionary<string, int> symbols, Frame frame)
    {
        writer.WriteArrayHeader(3);
        WriteSymbol(ref writer, symbols, frame.Method);
        writer.Write(frame.ResumeSite);
        WriteSlots(ref writer, symbols, frame.Variables);
    }

    private delegate void ItemWriter<T>(ref MessagePackWriter writer, Dictionary<string, int> symbols, T item);

    private static void WriteAll<T>(ref MessagePackWriter writer, Dictionary<string, int> symbols, EquatableArray<T> items, ItemWriter<T> write)
        where T : IEquatable<T>
    {
        writer.WriteArrayHeader(items.Count);
        foreach (var item in items)
        {
            write(ref writer, symbols, item);
        }
    }

    private static void WriteSymbol(ref MessagePackWriter writer, Dictionary<string, int> symbols, string symbol)
    {
        if (!symbols.TryGetValue(symbol, out var index))
        {
            index = symbols.Count;
            symbols.Add(symbol, index);
        }
        writer.Write(index);
    }

    private static void WriteSlots(ref MessagePackWriter writer, Dictionary<string, int> symbols, EquatableArray<Slot> slots) =>
        WriteAll(ref writer, symbols, slots, static (ref MessagePackWriter w, Dictionary<string, int> t, Slot slot) =>
        {
            w.WriteArrayHeader(3);
            WriteSymbol(ref w, t, slot.Name);
            WriteSymbol(ref w, t, slot.Type);
            WriteValue(ref w, t, slot.Value);
        });

    /// <summary>A packed array of numbers as [type, bytes], the bytes little-endian as <see cref="NumberArray"/> holds them; nil for none.</summary>
    private static void WriteNumbers(ref MessagePackWriter writer, NumberArray? numbers)
    {
        if (numbers is null)
        {
            writer.WriteNil();
            return;
        }
        writer.WriteArrayHeader(2);
        writer.Write((int)numbers.Type);
        writer.Write(numbers.Bytes);
    }

    private static void WriteValues(ref MessagePackWriter writer, Dictionary<string, int> symbols, EquatableArray<StateValue> values) =>
        WriteAll(ref writer, symbols, values, WriteValue);

    private static void WriteValue(ref MessagePackWriter writer, Dictionary<string, int> symbols, StateValue value)
    {
        switch (value.Kind)
        {
            case StateValueKind.Null: writer.WriteNil(); break;
            case StateValueKind.Integer: writer.Write(value.AsInteger()); break;
            case StateValueKind.Float: writer.Write(value.AsFloat()); break;
            case StateValueKind.String: WriteString(ref writer, value.AsString()); break;
            case StateValueKind.Boolean: writer.Write(value.AsBoolean()); break;
            case StateValueKind.List: WriteValues(ref writer, symbols, value.AsList()); break;
            default:
                writer.WriteExtensionFormatHeader(new ExtensionHeader(ReferenceExtension, 4));
                BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(4), value.AsReference());
                writer.Advance(4);
                break;
        }
    }

    private static void WriteString(ref MessagePackWriter writer, string text)
    {
        if (WellFormedText.LoneSurrogate(text) < 0)
        {
            writer.Write(text);
            return;
        }
        writer.WriteExtensionFormatHeader(new ExtensionHeader(Utf16Extension, text.Length * 2));
        var units = writer.GetSpan(text.Length * 2);
        for (var i = 0; i < text.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(units[(i * 2)..], text[i]);
        }
        writer.Advance(text.Length * 2);
    }

    /// <summary>
    /// Reads a snapshot. What it allocates is bounded by the input: a count is refused when its items
    /// cannot fit in the bytes left, lists nest at most 64 deep, and the input is at most <see cref="MaximumSize"/>.
    /// </summary>
    /// <exception cref="SnapshotFormatException">The bytes are not a snapshot this Midflight can read; the message says where and why.</exception>
    public static Snapshot Decode(ReadOnlyMemory<byte> bytes)
    {
        CheckSize(bytes.Length);
        return new Decoder(bytes).Run();
    }

    /// <summary>
    /// Reads a snapshot with one MessagePack reader, passed along by reference, keeping the path to
    /// the part being read so that an error can name it. Indexes are kept as numbers and written out
    /// only for an error: decoding formats no strings.
    /// </summary>
    private sealed class Decoder(ReadOnlyMemory<byte> bytes)
    {
        private readonly Stack<(string? Name, int Index)> _path = new();
        private string[] _symbols = [];
        private int _version;
        private long _consumed;

        public Snapshot Run()
        {
            var reader = new MessagePackReader(bytes);
            try
            {
                var snapshot = ReadSnapshot(ref reader);
                if (!reader.End)
                {
                    _consumed = reader.Consumed;
                    throw Corrupt($"{bytes.Length - reader.Consumed} bytes follow the end of the snapshot");
                }
                CheckReferences(snapshot);
                return snapshot;
            }
            catch (EndOfStreamException exception)
            {
                throw new SnapshotFormatException($"truncated snapshot: it ends at byte {bytes.Length} while reading {Where}", exception);
            }
            // What MessagePack's reader throws on bytes it cannot read: a bad type code, a number out of
            // range, or (for a corrupted length) an argument out of range.
            catch (Exception exception) when (exception is MessagePackSerializationException or OverflowException or ArgumentOutOfRangeException)
            {
                throw new SnapshotFormatException($"corrupt snapshot at byte {_consumed} ({Where}): {exception.Message}", exception);
            }
        }

        private string Where => _path.Count == 0 ? "the header"
            : string.Concat(_path.Reverse().Select(p => p.Name ?? $"[{p.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}]"));

        private SnapshotFormatException Corrupt(string problem) => new($"corrupt snapshot at byte {_consumed} ({Where}): {problem}");

        private MessagePackType NextType(ref MessagePackReader reader)
        {
            _consumed = reader.Consumed;
            return reader.End ? throw new EndOfStreamException() : reader.NextMessagePackType;
        }

        private void Enter(string name) => _path.Push((name, 0));

        private void Enter(int index) => _path.Push((null, index));

        private void Leave() => _path.Pop();

        private Snapshot ReadSnapshot(ref MessagePackReader reader)
        {
            if (reader.End || reader.NextMessagePackType != MessagePackType.Array)
            {
                throw new SnapshotFormatException("not a Midflight snapshot: it does not start with a snapshot header");
            }
            var fields = reader.ReadArrayHeader();
            if (fields < 2 || NextType(ref reader) != MessagePackType.String || ReadString(ref reader) != Magic)
            {
                throw new SnapshotFormatException("not a Midflight snapshot: the header does not say MFSN");
            }
            var version = _version = ReadInt32(ref reader);
            if (version > State.Snapshot.FormatVersion || version < 1)
            {
                throw new SnapshotFormatException(
                    $"snapshot format version {version} is not one this Midflight reads (it reads 1 to {State.Snapshot.FormatVersion}); use the Midflight that wrote it, or a newer one");
            }
            // Version 5 added the workers' stacks.
            var parts = version >= 5 ? 9 : 8;
            if (fields != parts)
            {
                throw Corrupt($"the header has {fields} parts, not {parts}");
            }

            Enter("symbols");
            _symbols = new string[ReadArrayHeader(ref reader)];
            for (var i = 0; i < _symbols.Length; i++)
            {
                Enter(i);
                _symbols[i] = ReadString(ref reader);
                Leave();
            }
            Leave();

            Enter("module");
            var module = ReadSymbol(ref reader);
            Leave();

            Enter("frames");
            var frames = ReadFrames(ref reader);
            Leave();

            Enter("fields");
            var moduleFields = ReadSlots(ref reader);
            Leave();

            Enter("heap");
            var heap = new HeapObject[ReadArrayHeader(ref reader)];
            for (var i = 0; i < heap.Length; i++)
            {
                Enter(i);
                // Version 2 added the packed numbers, version 3 the lengths of a multi-dimensional array.
                ReadRecord(ref reader, _version switch { >= 3 => 6, 2 => 5, _ => 4 });
                Enter(".id");
                var id = ReadInt32(ref reader);
                Leave();
                Enter(".type");
                var type = ReadSymbol(ref reader);
                Leave();
                Enter(".fields");
                var objectFields = ReadSlots(ref reader);
                Leave();
                Enter(".elements");
                var elements = ReadValues(ref reader, 0);
                Leave();
                Enter(".numbers");
                var numbers = _version >= 2 ? ReadNumbers(ref reader) : null;
                Leave();
                Enter(".lengths");
                heap[i] = new HeapObject(id, type, objectFields, elements) { Numbers = numbers, Lengths = _version >= 3 ? ReadLengths(ref reader) : default };
                Leave();
                Leave();
            }
            Leave();

            Enter("queues");
            var queues = new QueuedMessages[ReadArrayHeader(ref reader)];
            for (var i = 0; i < queues.Length; i++)
            {
                Enter(i);
                ReadRecord(ref reader, 2);
                Enter(".interface");
                var name = ReadSymbol(ref reader);
                Leave();
                Enter(".messages");
                var messages = new EquatableArray<StateValue>[ReadArrayHeader(ref reader)];
                for (var m = 0; m < messages.Length; m++)
                {
                    Enter(m);
                    messages[m] = ReadValues(ref reader, 0);
                    Leave();
                }
                queues[i] = new QueuedMessages(name, Wrap(messages));
                Leave();
                Leave();
            }
            Leave();

            Enter("workers");
            var workers = new WorkerStack[_version >= 5 ? ReadArrayHeader(ref reader) : 0];
            for (var i = 0; i < workers.Length; i++)
            {
                Enter(i);
                ReadRecord(ref reader, 2);
                Enter(".worker");
                var name = ReadSymbol(ref reader);
                Leave();
                Enter(".frames");
                workers[i] = new WorkerStack(name, ReadFrames(ref reader));
                Leave();
                Leave();
            }
            Leave();
            return new Snapshot(module, frames, moduleFields, Wrap(heap), Wrap(queues)) { Workers = Wrap(workers) };
        }

        private EquatableArray<Frame> ReadFrames(ref MessagePackReader reader)
        {
            var frames = new Frame[ReadArrayHeader(ref reader)];
            for (var i = 0; i < frames.Length; i++)
            {
                Enter(i);
                ReadRecord(ref reader, 3);
                Enter(".method");
                var method = ReadSymbol(ref reader);
                Leave();
                Enter(".resumeSite");
                var site = ReadInt32(ref reader);
                Leave();
                Enter(".variables");
                frames[i] = new Frame(method, site, ReadSlots(ref reader));
                Leave();
                Leave();
            }
            return Wrap(frames);
        }

        private string ReadString(ref MessagePackReader reader) => NextType(ref reader) switch
        {
            MessagePackType.String => reader.ReadString()!,
            MessagePackType.Extension => ReadUtf16(ref reader, reader.ReadExtensionFormatHeader()),
            var other => throw Corrupt($"expected a string, found {other}"),
        };

        /// <summary>A string that is not well-formed UTF-16, as its code units; any other extension is corrupt.</summary>
        private string ReadUtf16(ref MessagePackReader reader, ExtensionHeader header)
        {
            if (header.TypeCode != Utf16Extension || _version < 4 || header.Length % 2 != 0)
            {
                throw Corrupt($"unknown extension type {header.TypeCode} of {header.Length} bytes");
            }
            var units = reader.ReadRaw(header.Length);
            return string.Create((int)(header.Length / 2), units, static (text, units) =>
            {
                Span<byte> unit = stackalloc byte[2];
                var position = units.Start;
                for (var i = 0; i < text.Length; i++)
                {
                    units.Slice(position, 2).CopyTo(unit);
                    position = units.GetPosition(2, position);
                    text[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(unit);
                }
            });
        }

        // The array is new and nothing else holds it: wrapped, not copied, it is the only copy decoding makes.
        private static EquatableArray<T> Wrap<T>(T[] items) where T : IEquatable<T> => new(ImmutableCollectionsMarshal.AsImmutableArray(items));

        private string ReadSymbol(ref MessagePackReader reader)
        {
            var index = ReadInt32(ref reader);
            return (uint)index < (uint)_symbols.Length
                ? _symbols[index]
                : throw Corrupt($"symbol #{index} is not in the table of {_symbols.Length}");
        }

        private int ReadInt32(ref MessagePackReader reader) =>
            NextType(ref reader) == MessagePackType.Integer ? reader.ReadInt32() : throw Corrupt($"expected an integer, found {NextType(ref reader)}");

        private void ReadRecord(ref MessagePackReader reader, int parts)
        {
            var count = ReadArrayHeader(ref reader);
            if (count != parts)
            {
                throw Corrupt($"expected {parts} parts, found {count}");
            }
        }

        /// <summary>
        /// An array's count, which the caller allocates for: each item takes at least a byte, so a count
        /// larger than the bytes left is corrupt, and is refused before anything is allocated for it.
        /// </summary>
        private int ReadArrayHeader(ref MessagePackReader reader)
        {
            if (NextType(ref reader) != MessagePackType.Array)
            {
                throw Corrupt($"expected an array, found {NextType(ref reader)}");
            }
            if (!reader.TryReadArrayHeader(out var count))
            {
                throw new EndOfStreamException();
            }
            var left = bytes.Length - reader.Consumed;
            return count <= left ? count : throw Corrupt($"a list of {count} items cannot fit in the {left} bytes left");
        }

        private EquatableArray<Slot> ReadSlots(ref MessagePackReader reader)
        {
            var slots = new Slot[ReadArrayHeader(ref reader)];
            for (var i = 0; i < slots.Length; i++)
            {
                Enter(i);
                ReadRecord(ref reader, 3);
                Enter(".name");
                var name = ReadSymbol(ref reader);
                Leave();
                Enter(".type");
                var type = ReadSymbol(ref reader);
                Leave();
                Enter(".value");
                slots[i] = new Slot(name, type, ReadValue(ref reader, 0));
                Leave();
                Leave();
            }
            return Wrap(slots);
        }

        private EquatableArray<int> ReadLengths(ref MessagePackReader reader)
        {
            var lengths = new int[ReadArrayHeader(ref reader)];
            for (var i = 0; i < lengths.Length; i++)
            {
                lengths[i] = ReadInt32(ref reader);
                if (lengths[i] < 0)
                {
                    throw Corrupt($"dimension {i} has length {lengths[i]}");
                }
            }
            return Wrap(lengths);
        }

        private NumberArray? ReadNumbers(ref MessagePackReader reader)
        {
            if (NextType(ref reader) == MessagePackType.Nil)
            {
                reader.ReadNil();
                return null;
            }
            ReadRecord(ref reader, 2);
            var type = (NumberType)ReadInt32(ref reader);
            if (!Enum.IsDefined(type))
            {
                throw Corrupt($"packed numbers of type {(int)type}, which is no number type");
            }
            if (NextType(ref reader) != MessagePackType.Binary)
            {
                throw Corrupt($"expected the packed numbers' bytes, found {NextType(ref reader)}");
            }
            var sequence = reader.ReadBytes()!.Value;
            ReadOnlySpan<byte> bytes = sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray();
            if (bytes.Length % NumberArray.WidthOf(type) != 0)
            {
                throw Corrupt($"{bytes.Length} bytes of packed {type} numbers are not a whole number of {NumberArray.WidthOf(type)}-byte elements");
            }
            return NumberArray.FromBytes(type, bytes);
        }

        private EquatableArray<StateValue> ReadValues(ref MessagePackReader reader, int depth)
        {
            var count = ReadArrayHeader(ref reader);
            // An empty list is one byte: it gets the shared empty array, not one of its own.
            var values = count == 0 ? [] : new StateValue[count];
            for (var i = 0; i < values.Length; i++)
            {
                Enter(i);
                values[i] = ReadValue(ref reader, depth + 1);
                Leave();
            }
            return Wrap(values);
        }

        private StateValue ReadValue(ref MessagePackReader reader, int depth)
        {
            if (depth > MaximumDepth)
            {
                throw Corrupt($"values nest deeper than {MaximumDepth} lists");
            }
            switch (NextType(ref reader))
            {
                case MessagePackType.Nil:
                    reader.ReadNil();
                    return StateValue.Null;
                case MessagePackType.Integer:
                    return StateValue.Integer(reader.ReadInt64());
                case MessagePackType.Float:
                    return StateValue.Float(reader.ReadDouble());
                case MessagePackType.String:
                    return StateValue.String(ReadString(ref reader));
                case MessagePackType.Boolean:
                    return StateValue.Boolean(reader.ReadBoolean());
                case MessagePackType.Array:
                    return StateValue.List(ReadValues(ref reader, depth));
                case MessagePackType.Extension:
                    var header = reader.ReadExtensionFormatHeader();
                    if (header.TypeCode != ReferenceExtension || header.Length != 4)
                    {
                        return StateValue.String(ReadUtf16(ref reader, header));
                    }
                    Span<byte> id = stackalloc byte[4];
                    reader.ReadRaw(4).CopyTo(id);
                    return StateValue.Reference(BinaryPrimitives.ReadInt32BigEndian(id));
                default:
                    throw Corrupt($"a value cannot be a {NextType(ref reader)}");
            }
        }

        private static void CheckReferences(Snapshot snapshot)
        {
            var ids = new HashSet<int>(snapshot.Heap.Count);
            foreach (var heapObject in snapshot.Heap)
            {
                if (!ids.Add(heapObject.Id))
                {
                    throw new SnapshotFormatException($"corrupt snapshot: two heap objects have id {heapObject.Id}");
                }
            }
            foreach (var frame in snapshot.Frames.Concat(snapshot.Workers.SelectMany(w => w.Frames)))
            {
                CheckReferences(ids, frame.Variables);
            }
            CheckReferences(ids, snapshot.Fields);
            foreach (var heapObject in snapshot.Heap)
            {
                CheckReferences(ids, heapObject.Fields);
                CheckReferences(ids, heapObject.Elements);
            }
            foreach (var queue in snapshot.Queues)
            {
                foreach (var message in queue.Messages)
                {
                    CheckReferences(ids, message);
                }
            }
        }

        private static void CheckReferences(HashSet<int> ids, EquatableArray<Slot> slots)
        {
            foreach (var slot in slots)
            {
                CheckReference(ids, slot.Value);
            }
        }

        private static void CheckReferences(HashSet<int> ids, EquatableArray<StateValue> values)
        {
            foreach (var value in values)
            {
                CheckReference(ids, value);
            }
        }

        // Recursive, as deep as lists nest (at most 64): walking with iterators would allocate for every value.
        private static void CheckReference(HashSet<int> ids, StateValue value)
        {
            if (value.Kind == StateValueKind.List)
            {
                CheckReferences(ids, value.AsList());
            }
            else if (value.Kind == StateValueKind.Reference && !ids.Contains(value.AsReference()))
            {
                throw new SnapshotFormatException($"corrupt snapshot: a value refers to heap object #{value.AsReference()}, which the snapshot does not hold");
            }
        }
    }
}
