using System.Buffers;
using System.Buffers.Binary;
using MessagePack;
using Midflight.Model;

namespace Midflight.State;

/// <summary>
/// Encodes snapshots compactly with MessagePack, and decodes them with a clear error for anything
/// that is not a valid snapshot. Scalars are MessagePack's own types; a heap reference is extension
/// type <see cref="ReferenceExtension"/> holding the object's id.
/// </summary>
/// <remarks>
/// Layout: <c>["MFSN", format, [symbol…], module, [frame…], [slot…], [heap object…], [queue…]]</c>,
/// where a frame is <c>[method, resume site, [slot…]]</c>, a slot <c>[name, type, value]</c>, a heap
/// object <c>[id, type, [slot…], [value…]]</c> and a queue <c>[interface, [[value…]…]]</c>. Module,
/// method, interface, slot and type names are symbols: indexes into the table at the front, so a deep
/// stack of one recursive method names it once. String values are written where they stand.
/// </remarks>
public static class SnapshotCodec
{
    private const string Magic = "MFSN";
    private const sbyte ReferenceExtension = 1;
    private const int MaximumDepth = 64;

    public static byte[] Encode(Snapshot snapshot)
    {
        // The body first, collecting symbols as they come; then the header with the symbol table.
        var symbols = new Dictionary<string, int>(StringComparer.Ordinal);
        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        WriteSymbol(ref writer, symbols, snapshot.Module);
        WriteAll(ref writer, symbols, snapshot.Frames, static (ref MessagePackWriter w, Dictionary<string, int> t, Frame frame) =>
        {
            w.WriteArrayHeader(3);
            WriteSymbol(ref w, t, frame.Method);
            w.Write(frame.ResumeSite);
            WriteSlots(ref w, t, frame.Variables);
        });
        WriteSlots(ref writer, symbols, snapshot.Fields);
        WriteAll(ref writer, symbols, snapshot.Heap, static (ref MessagePackWriter w, Dictionary<string, int> t, HeapObject heapObject) =>
        {
            w.WriteArrayHeader(4);
            w.Write(heapObject.Id);
            WriteSymbol(ref w, t, heapObject.Type);
            WriteSlots(ref w, t, heapObject.Fields);
            WriteValues(ref w, t, heapObject.Elements);
        });
        WriteAll(ref writer, symbols, snapshot.Queues, static (ref MessagePackWriter w, Dictionary<string, int> t, QueuedMessages queue) =>
        {
            w.WriteArrayHeader(2);
            WriteSymbol(ref w, t, queue.Interface);
            WriteAll(ref w, t, queue.Messages, WriteValues);
        });
        writer.Flush();

        var output = new ArrayBufferWriter<byte>();
        var header = new MessagePackWriter(output);
        header.WriteArrayHeader(8);
        header.Write(Magic);
        header.Write(State.Snapshot.FormatVersion);
        header.WriteArrayHeader(symbols.Count);
        foreach (var symbol in symbols.OrderBy(s => s.Value))
        {
            header.Write(symbol.Key);
        }
        header.WriteRaw(body.WrittenSpan);
        header.Flush();
        return output.WrittenSpan.ToArray();
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

    private static void WriteValues(ref MessagePackWriter writer, Dictionary<string, int> symbols, EquatableArray<StateValue> values) =>
        WriteAll(ref writer, symbols, values, WriteValue);

    private static void WriteValue(ref MessagePackWriter writer, Dictionary<string, int> symbols, StateValue value)
    {
        switch (value.Kind)
        {
            case StateValueKind.Null: writer.WriteNil(); break;
            case StateValueKind.Integer: writer.Write(value.AsInteger()); break;
            case StateValueKind.Float: writer.Write(value.AsFloat()); break;
            case StateValueKind.String: writer.Write(value.AsString()); break;
            case StateValueKind.Boolean: writer.Write(value.AsBoolean()); break;
            case StateValueKind.List: WriteValues(ref writer, symbols, value.AsList()); break;
            default:
                writer.WriteExtensionFormatHeader(new ExtensionHeader(ReferenceExtension, 4));
                BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(4), value.AsReference());
                writer.Advance(4);
                break;
        }
    }

    /// <exception cref="SnapshotFormatException">The bytes are not a snapshot this Midflight can read; the message says where and why.</exception>
    public static Snapshot Decode(ReadOnlyMemory<byte> bytes) => new Decoder(bytes).Run();

    /// <summary>Reads a snapshot, keeping the path to the part being read so that an error can name it.</summary>
    private sealed class Decoder(ReadOnlyMemory<byte> bytes)
    {
        // Indexes are kept as numbers and written out only for an error: decoding formats no strings.
        private readonly Stack<(string? Name, int Index)> _path = new();
        private string[] _symbols = [];

        // MessagePackReader is a ref struct and cannot live here: each primitive read makes one over
        // what is left, and the decoder moves past what it consumed.
        private ReadOnlySequence<byte> _rest = new(bytes);
        private long _consumed;

        private delegate T Read<T>(ref MessagePackReader reader);

        private T Next<T>(Read<T> read)
        {
            var reader = new MessagePackReader(_rest);
            var value = read(ref reader);
            _consumed += reader.Consumed;
            _rest = _rest.Slice(reader.Consumed);
            return value;
        }

        private bool End => _rest.IsEmpty;

        private MessagePackType NextType => End ? throw new EndOfStreamException() : new MessagePackReader(_rest).NextMessagePackType;

        public Snapshot Run()
        {
            try
            {
                var snapshot = ReadSnapshot();
                if (!End)
                {
                    throw Corrupt($"{bytes.Length - _consumed} bytes follow the end of the snapshot");
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

        private Snapshot ReadSnapshot()
        {
            if (End || NextType != MessagePackType.Array)
            {
                throw new SnapshotFormatException("not a Midflight snapshot: it does not start with a snapshot header");
            }
            var fields = Next(static (ref MessagePackReader r) => r.ReadArrayHeader());
            if (fields < 2 || NextType != MessagePackType.String || ReadString() != Magic)
            {
                throw new SnapshotFormatException("not a Midflight snapshot: the header does not say MFSN");
            }
            var version = ReadInt32();
            if (version > State.Snapshot.FormatVersion || version < 1)
            {
                throw new SnapshotFormatException(
                    $"snapshot format version {version} is not one this Midflight reads (it reads 1 to {State.Snapshot.FormatVersion}); use the Midflight that wrote it, or a newer one");
            }
            if (fields != 8)
            {
                throw Corrupt($"the header has {fields} parts, not 8");
            }
            _symbols = [.. In("symbols", () => ReadAll(i => In(i, ReadString)))];
            var module = In("module", ReadSymbol);
            var frames = In("frames", () => ReadAll(i => In(i, () => ReadRecord(3, () =>
                new Frame(In(".method", ReadSymbol), In(".resumeSite", ReadInt32), In(".variables", ReadSlots))))));
            var moduleFields = In("fields", ReadSlots);
            var heap = In("heap", () => ReadAll(i => In(i, () => ReadRecord(4, () =>
                new HeapObject(In(".id", ReadInt32), In(".type", ReadSymbol), In(".fields", ReadSlots), In(".elements", () => ReadValues(0)))))));
            var queues = In("queues", () => ReadAll(i => In(i, () => ReadRecord(2, () =>
                new QueuedMessages(In(".interface", ReadSymbol), In(".messages", () => ReadAll(m => In(m, () => ReadValues(0)))))))));
            return new Snapshot(module, frames, moduleFields, heap, queues);
        }

        private T In<T>(string part, Func<T> read)
        {
            _path.Push((part, 0));
            var result = read();
            _path.Pop();
            return result;
        }

        private T In<T>(int index, Func<T> read)
        {
            _path.Push((null, index));
            var result = read();
            _path.Pop();
            return result;
        }

        private string ReadString() =>
            NextType == MessagePackType.String ? Next(static (ref MessagePackReader r) => r.ReadString())! : throw Corrupt($"expected a string, found {NextType}");

        private string ReadSymbol()
        {
            var index = ReadInt32();
            return (uint)index < (uint)_symbols.Length
                ? _symbols[index]
                : throw Corrupt($"symbol #{index} is not in the table of {_symbols.Length}");
        }

        private int ReadInt32() =>
            NextType == MessagePackType.Integer ? Next(static (ref MessagePackReader r) => r.ReadInt32()) : throw Corrupt($"expected an integer, found {NextType}");

        private T ReadRecord<T>(int parts, Func<T> read)
        {
            var count = ReadArrayHeader();
            return count == parts ? read() : throw Corrupt($"expected {parts} parts, found {count}");
        }

        private int ReadArrayHeader() =>
            NextType == MessagePackType.Array ? Next(static (ref MessagePackReader r) => r.ReadArrayHeader()) : throw Corrupt($"expected an array, found {NextType}");

        private EquatableArray<T> ReadAll<T>(Func<int, T> read) where T : IEquatable<T>
        {
            var count = ReadArrayHeader();
            var items = new T[count];
            for (var i = 0; i < count; i++)
            {
                items[i] = read(i);
            }
            return items.ToEquatableArray();
        }

        private EquatableArray<Slot> ReadSlots() => ReadAll(i => In(i, () => ReadRecord(3, () =>
            new Slot(In(".name", ReadSymbol), In(".type", ReadSymbol), In(".value", () => ReadValue(0))))));

        private EquatableArray<StateValue> ReadValues(int depth) => ReadAll(i => In(i, () => ReadValue(depth + 1)));

        private StateValue ReadValue(int depth)
        {
            if (depth > MaximumDepth)
            {
                throw Corrupt($"values nest deeper than {MaximumDepth} lists");
            }
            switch (NextType)
            {
                case MessagePackType.Nil:
                    Next(static (ref MessagePackReader r) => r.ReadNil());
                    return StateValue.Null;
                case MessagePackType.Integer:
                    return StateValue.Integer(Next(static (ref MessagePackReader r) => r.ReadInt64()));
                case MessagePackType.Float:
                    return StateValue.Float(Next(static (ref MessagePackReader r) => r.ReadDouble()));
                case MessagePackType.String:
                    return StateValue.String(ReadString());
                case MessagePackType.Boolean:
                    return StateValue.Boolean(Next(static (ref MessagePackReader r) => r.ReadBoolean()));
                case MessagePackType.Array:
                    return StateValue.List(ReadValues(depth));
                case MessagePackType.Extension:
                    var header = Next(static (ref MessagePackReader r) => r.ReadExtensionFormatHeader());
                    if (header.TypeCode != ReferenceExtension || header.Length != 4)
                    {
                        throw Corrupt($"unknown extension type {header.TypeCode} of {header.Length} bytes");
                    }
                    return StateValue.Reference(Next(static (ref MessagePackReader r) =>
                    {
                        Span<byte> id = stackalloc byte[4];
                        r.ReadRaw(4).CopyTo(id);
                        return BinaryPrimitives.ReadInt32BigEndian(id);
                    }));
                default:
                    throw Corrupt($"a value cannot be a {NextType}");
            }
        }

        private static void CheckReferences(Snapshot snapshot)
        {
            var ids = new HashSet<int>();
            foreach (var heapObject in snapshot.Heap)
            {
                if (!ids.Add(heapObject.Id))
                {
                    throw new SnapshotFormatException($"corrupt snapshot: two heap objects have id {heapObject.Id}");
                }
            }
            var values = snapshot.Frames.SelectMany(f => f.Variables).Concat(snapshot.Fields).Concat(snapshot.Heap.SelectMany(h => h.Fields)).Select(s => s.Value)
                .Concat(snapshot.Heap.SelectMany(h => h.Elements))
                .Concat(snapshot.Queues.SelectMany(q => q.Messages.SelectMany(m => m)));
            foreach (var reference in values.SelectMany(Flatten).Where(v => v.Kind == StateValueKind.Reference))
            {
                if (!ids.Contains(reference.AsReference()))
                {
                    throw new SnapshotFormatException($"corrupt snapshot: a value refers to heap object #{reference.AsReference()}, which the snapshot does not hold");
                }
            }
        }

        private static IEnumerable<StateValue> Flatten(StateValue value) =>
            value.Kind == StateValueKind.List ? value.AsList().SelectMany(Flatten) : [value];
    }
}
