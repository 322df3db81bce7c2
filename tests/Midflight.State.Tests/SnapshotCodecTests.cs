using Midflight.Testing;
using CsCheck;
using Midflight.Model;

namespace Midflight.State.Tests;

public sealed class SnapshotCodecTests
{
    /// <summary>compute of the Monitor, 20 frames deep in its recursion, with its queued sensor values.</summary>
    private static Snapshot Compute()
    {
        var frames = new List<Frame>
        {
            new("Run", 1, EquatableArray.Create(new Slot("n", "int", StateValue.Integer(20)), new Slot("response", "double", StateValue.Float(0)))),
        };
        for (var n = 20; n >= 1; n--)
        {
            frames.Add(new Frame("Average(int, int, ref double)", n == 1 ? 4 : 3, EquatableArray.Create(
                new Slot("num", "int", StateValue.Integer(20)),
                new Slot("n", "int", StateValue.Integer(n)),
                new Slot("rp", "ref double", StateValue.Float(n * 0.75)))));
        }
        // A cycle through the heap: two objects referring to each other, one also shared by a field.
        var heap = EquatableArray.Create(
            new HeapObject(0, "Node", EquatableArray.Create(new Slot("next", "Node", StateValue.Reference(1))), default),
            new HeapObject(1, "Node", EquatableArray.Create(new Slot("next", "Node", StateValue.Reference(0))), default),
            new HeapObject(2, "int[]", default, EquatableArray.Create(StateValue.Integer(1), StateValue.Integer(2))));
        return new Snapshot(
            "compute",
            frames.ToEquatableArray(),
            EquatableArray.Create(new Slot("_served", "long", StateValue.Integer(7)), new Slot("_ring", "Node", StateValue.Reference(0)), new Slot("_alsoRing", "Node", StateValue.Reference(0))),
            heap,
            EquatableArray.Create(new QueuedMessages("sensor", EquatableArray.Create(EquatableArray.Create(StateValue.Integer(21)), EquatableArray.Create(StateValue.Integer(22))))));
    }

    [Fact]
    public void A_deep_stack_with_shared_references_and_cycles_comes_back_equal()
    {
        var snapshot = Compute();

        var decoded = SnapshotCodec.Decode(SnapshotCodec.Encode(snapshot));

        Assert.Equal(snapshot, decoded);
        Assert.Equal(21, decoded.Frames.Count);
        Assert.Equal(decoded.Fields[1].Value, decoded.Fields[2].Value);
    }

    [Fact]
    public void The_encoding_is_compact() =>
        // 21 frames of 3 variables, 3 fields, 3 heap objects, 2 queued messages: names and types are
        // written once, so a frame costs its values and a few bytes of structure.
        Assert.InRange(SnapshotCodec.Encode(Compute()).Length, 100, 800);

    [Fact]
    public void Any_snapshot_comes_back_equal() =>
        SnapshotGenerators.Snapshots.SamplePinned(snapshot => Assert.Equal(snapshot, SnapshotCodec.Decode(SnapshotCodec.Encode(snapshot))),
            seed: "0N0XIzNsQ0O2", iter: 1000);

    [Fact]
    public void Every_truncation_is_a_clear_error() =>
        SnapshotGenerators.Snapshots.SamplePinned(snapshot =>
        {
            var bytes = SnapshotCodec.Encode(snapshot);
            for (var length = 0; length < bytes.Length; length++)
            {
                var error = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(bytes.AsMemory(0, length)));
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }
        }, seed: "0N0XIzNsQ0O2", iter: 200);

    [Fact]
    public void Corrupted_bytes_give_a_snapshot_or_a_clear_error_and_nothing_else() =>
        Gen.Select(SnapshotGenerators.Snapshots, Gen.Int[0, 1000].Array[1, 4], Gen.Byte.Array[4]).SamplePinned((snapshot, positions, values) =>
        {
            var bytes = SnapshotCodec.Encode(snapshot);
            for (var i = 0; i < positions.Length; i++)
            {
                bytes[positions[i] % bytes.Length] = values[i];
            }
            try
            {
                SnapshotCodec.Decode(bytes);
            }
            catch (SnapshotFormatException)
            {
                // The only failure a caller has to handle.
            }
        }, seed: "0N0XIzNsQ0O2", iter: 3000);

    [Theory]
    [InlineData(new byte[] { }, "not a Midflight snapshot: it does not start with a snapshot header")]
    [InlineData(new byte[] { 0x93, 0xA4, (byte)'J', (byte)'U', (byte)'N', (byte)'K', 0x01, 0xC0 }, "not a Midflight snapshot: the header does not say MFSN")]
    [InlineData(new byte[] { 0x98, 0xA4, (byte)'M', (byte)'F', (byte)'S', (byte)'N', 0x09, 0x90, 0x00, 0x90, 0x90, 0x90, 0x90 }, "snapshot format version 9 is not one this Midflight reads (it reads 1 to 5)")]
    public void Bytes_that_are_not_a_snapshot_say_what_they_are_not(byte[] bytes, string message) =>
        Assert.StartsWith(message, Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(bytes)).Message, StringComparison.Ordinal);

    /// <summary>A snapshot as a writer of <paramref name="version"/> lays it out: one heap object, an <c>int[]</c> with the given last parts.</summary>
    private delegate void Parts(ref MessagePack.MessagePackWriter writer);

    private static byte[] OneArray(int version, Parts lastParts, int parts)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        writer.WriteArrayHeader(8);
        writer.Write("MFSN");
        writer.Write(version);
        writer.WriteArrayHeader(2);
        writer.Write("m");
        writer.Write("System.Int32[]");
        writer.Write(0); // the module's symbol
        writer.WriteArrayHeader(0); // frames
        writer.WriteArrayHeader(0); // fields
        writer.WriteArrayHeader(1); // heap
        writer.WriteArrayHeader(parts);
        writer.Write(0);
        writer.Write(1);
        writer.WriteArrayHeader(0);
        lastParts(ref writer);
        writer.WriteArrayHeader(0); // queues
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void A_version_1_snapshot_still_reads_with_its_elements_unpacked()
    {
        var bytes = OneArray(1, (ref MessagePack.MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write(4);
            w.Write(5);
        }, parts: 4);

        var heapObject = Assert.Single(SnapshotCodec.Decode(bytes).Heap);

        Assert.Null(heapObject.Numbers);
        Assert.Equal([StateValue.Integer(4), StateValue.Integer(5)], heapObject.Elements);
    }

    [Theory]
    [InlineData(9, 8, "heap[0].numbers): packed numbers of type 9, which is no number type")]
    [InlineData(2, 5, "heap[0].numbers): 5 bytes of packed Int32 numbers are not a whole number of 4-byte elements")]
    public void Corrupt_packed_numbers_are_refused_with_where(int kind, int length, string message)
    {
        var bytes = OneArray(2, (ref MessagePack.MessagePackWriter w) =>
        {
            w.WriteArrayHeader(0);
            w.WriteArrayHeader(2);
            w.Write(kind);
            w.Write(new byte[length]);
        }, parts: 5);

        Assert.EndsWith(message, Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_snapshot_says_where_it_ends()
    {
        var bytes = SnapshotCodec.Encode(Compute());

        // Cut inside a method's name in the symbol table: a cut just after a list's length is refused sooner, as longer than the bytes left.
        var cut = bytes.AsSpan().LastIndexOf("Average"u8) + 3;
        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(bytes.AsMemory(0, cut)));

        Assert.Matches($@"^truncated snapshot: it ends at byte {cut} while reading ", error.Message);
    }

    [Fact]
    public void Bytes_after_the_end_are_refused()
    {
        var bytes = SnapshotCodec.Encode(Compute());

        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(bytes.Append((byte)0xC0).ToArray()));

        Assert.Contains("1 bytes follow the end of the snapshot", error.Message, StringComparison.Ordinal);
    }

    // The lone surrogate is passed as a number: the test runner would carry it in a string as U+FFFD.
    [Theory]
    [InlineData("a", 0xD800, "b")]
    [InlineData("", 0xDC00, "")]
    [InlineData("cut in an emoji ", 0xD83D, "")]
    [InlineData("\uD83D\uDE00", 0xDE00, "\uD83D\uDE00")]
    public void A_string_with_a_lone_surrogate_comes_back_exactly(string before, int surrogate, string after)
    {
        var text = before + (char)surrogate + after;
        // UTF-8 cannot hold a lone surrogate: MessagePack's strings would turn it into U+FFFD.
        var snapshot = new Snapshot("m", default, EquatableArray.Create(new Slot(text, "string", StateValue.String(text))), default,
            EquatableArray.Create(new QueuedMessages("in", EquatableArray.Create(EquatableArray.Create(StateValue.String(text))))));

        var decoded = SnapshotCodec.Decode(SnapshotCodec.Encode(snapshot));

        Assert.Equal(text, decoded.Fields[0].Value.AsString());
        Assert.Equal(text, decoded.Fields[0].Name);
        Assert.Equal(snapshot, decoded);
    }

    [Fact]
    public void A_well_formed_string_stays_a_messagepack_string()
    {
        var snapshot = new Snapshot("m", default, EquatableArray.Create(new Slot("s", "string", StateValue.String("temperature \uD83D\uDE00"))), default, default);

        var bytes = SnapshotCodec.Encode(snapshot);

        Assert.True(bytes.AsSpan().IndexOf("temperature \uD83D\uDE00"u8) >= 0);
    }

    [Fact]
    public void Version_3_has_no_exact_strings_and_refuses_one()
    {
        var bytes = OneArray(3, (ref MessagePack.MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1);
            w.WriteExtensionFormatHeader(new MessagePack.ExtensionHeader(2, 2));
            w.WriteRaw([0x00, 0xD8]);
            w.WriteNil();
            w.WriteArrayHeader(0);
        }, parts: 6);

        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(bytes));

        Assert.EndsWith("(heap[0].elements[0]): unknown extension type 2 of 2 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_to_a_missing_heap_object_is_refused()
    {
        var snapshot = Compute() with { Heap = default };

        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(SnapshotCodec.Encode(snapshot)));

        Assert.Equal("corrupt snapshot: a value refers to heap object #0, which the snapshot does not hold", error.Message);
    }

    [Fact]
    public void Two_heap_objects_with_one_id_are_refused()
    {
        var snapshot = Compute();
        snapshot = snapshot with { Heap = snapshot.Heap.Append(snapshot.Heap[0]).ToEquatableArray() };

        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(SnapshotCodec.Encode(snapshot)));

        Assert.Equal("corrupt snapshot: two heap objects have id 0", error.Message);
    }
}
