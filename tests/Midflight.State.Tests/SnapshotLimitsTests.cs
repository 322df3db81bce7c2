using Midflight.Testing;
using CsCheck;
using System.Text;
using System.Text.Json;
using Midflight.Model;

namespace Midflight.State.Tests;

/// <summary>
/// What decoding and dumping a snapshot take is bounded by its size: a count that cannot be true is
/// refused before anything is allocated for it, decoding allocates in proportion to the input, and the
/// JSON goes out as it is written.
/// </summary>
public sealed class SnapshotLimitsTests
{
    // Less than 64 bytes per input byte, as SnapshotCodec.MaximumSize documents; the constant covers
    // the reader's path, the symbol table and an exception's message.
    private static void AssertProportional(long allocated, int inputBytes) =>
        Assert.True(allocated <= (64L * inputBytes) + (64 * 1024), $"decoding {inputBytes} bytes allocated {allocated} bytes");

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static StateValue Nested(int depth, StateValue inner) =>
        depth == 0 ? inner : StateValue.List(Nested(depth - 1, inner));

    private static Snapshot OneField(StateValue value) =>
        new("m", default, EquatableArray.Create(new Slot("_deep", "object", value)), default, default);

    /// <summary>The snapshot, smaller: a list nested 64 deep holding <paramref name="count"/> one-byte integers.</summary>
    private static Snapshot Deep(int count) =>
        OneField(Nested(63, StateValue.List(Enumerable.Range(0, count).Select(i => StateValue.Integer(i % 100)))));

    [Fact]
    public void A_count_that_cannot_fit_in_the_bytes_left_is_refused_before_anything_is_allocated_for_it()
    {
        // A list claiming 2^31-1 values in five bytes: 64 GB of values, were they allocated.
        byte[] bytes = [0x98, 0xA4, (byte)'M', (byte)'F', (byte)'S', (byte)'N', 0x04, 0x91, 0xA1, (byte)'m', 0x00, 0x90,
            0x91, 0x93, 0x00, 0x00, 0xDD, 0x7F, 0xFF, 0xFF, 0xFF, 0x90, 0x90];
        SnapshotFormatException? error = null;

        var allocated = AllocatedBy(() => error = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(bytes)));

        Assert.Equal("corrupt snapshot at byte 16 (fields[0].value): a list of 2147483647 items cannot fit in the 2 bytes left", error!.Message);
        AssertProportional(allocated, bytes.Length);
    }

    [Fact]
    public void A_heap_claiming_more_objects_than_bytes_is_refused_with_where()
    {
        byte[] bytes = [0x98, 0xA4, (byte)'M', (byte)'F', (byte)'S', (byte)'N', 0x04, 0x91, 0xA1, (byte)'m', 0x00, 0x90, 0x90,
            0xDC, 0xFF, 0xFF, 0x90];

        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(bytes));

        Assert.Equal("corrupt snapshot at byte 13 (heap): a list of 65535 items cannot fit in the 1 bytes left", error.Message);
    }

    private static StateValue Shape(string shape) => shape switch
    {
        // One byte each: a value of 32 bytes for every byte.
        "integers" => StateValue.List(Enumerable.Repeat(StateValue.Integer(7), 200_000)),
        "empty lists" => StateValue.List(Enumerable.Repeat(StateValue.List(), 200_000)),
        // An array of its own and a value for every byte: the worst there is.
        "lists of one, nested" => StateValue.List(Enumerable.Repeat(Nested(60, StateValue.Null), 4_000)),
        _ => StateValue.List(Enumerable.Range(0, 100_000).Select(i => StateValue.String(((char)('a' + (i % 26))).ToString()))),
    };

    [Theory]
    [InlineData("integers")]
    [InlineData("empty lists")]
    [InlineData("lists of one, nested")]
    [InlineData("short strings")]
    public void Decoding_allocates_less_than_64_bytes_per_byte_read(string shape)
    {
        var value = Shape(shape);
        var bytes = SnapshotCodec.Encode(OneField(value));
        Snapshot? decoded = null;

        var allocated = AllocatedBy(() => decoded = SnapshotCodec.Decode(bytes));

        Assert.True(value == decoded!.Fields[0].Value, "the value came back equal");
        Assert.True(bytes.Length > 100_000, shape);
        AssertProportional(allocated, bytes.Length);
    }

    [Fact]
    public void Corrupted_bytes_never_take_more_than_their_bound() =>
        Gen.Select(SnapshotGenerators.Snapshots, Gen.Int[0, 1000].Array[1, 4], Gen.Byte.Array[4]).SamplePinned((snapshot, positions, values) =>
        {
            var bytes = SnapshotCodec.Encode(snapshot);
            for (var i = 0; i < positions.Length; i++)
            {
                bytes[positions[i] % bytes.Length] = values[i];
            }
            var allocated = AllocatedBy(() =>
            {
                try
                {
                    SnapshotCodec.Decode(bytes);
                }
                catch (SnapshotFormatException)
                {
                    // Refused: what it allocated on the way still counts.
                }
            });
            AssertProportional(allocated, bytes.Length);
        }, seed: "0N0XIzNsQ0O2", iter: 2000);

    [Fact]
    public void A_list_nested_64_deep_holding_a_million_integers_dumps_as_it_goes()
    {
        var bytes = SnapshotCodec.Encode(Deep(1_000_000));
        var snapshot = SnapshotCodec.Decode(bytes);
        var output = new CountingWriter();

        var allocated = AllocatedBy(() => SnapshotJson.Write(snapshot, output));

        // Indented 130 spaces deep, the JSON is over a hundred times the snapshot, written in pieces of
        // 16 KB through buffers that are reused: what the dump allocates does not grow with it.
        Assert.True(output.Characters > 100L * bytes.Length, $"{output.Characters} characters");
        Assert.InRange(output.LargestWrite, 1, 16 * 1024);
        Assert.True(allocated < 256 * 1024, $"the dump allocated {allocated} bytes");
    }

    [Fact]
    public void The_dump_of_a_deep_list_holds_its_values_at_their_depth()
    {
        var output = new StringWriter();

        SnapshotJson.Write(Deep(1000), output);

        using var json = JsonDocument.Parse(output.ToString(), new JsonDocumentOptions { MaxDepth = 128 });
        var list = json.RootElement.GetProperty("fields")[0].GetProperty("value");
        for (var depth = 0; depth < 63; depth++)
        {
            list = Assert.Single(list.EnumerateArray().ToList());
        }
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)(i % 100)), list.EnumerateArray().Select(v => v.GetInt64()));
    }

    [Fact]
    public void Lists_nested_deeper_than_64_are_refused_with_the_limit()
    {
        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotCodec.Decode(SnapshotCodec.Encode(OneField(Nested(66, StateValue.Null)))));

        Assert.EndsWith("values nest deeper than 64 lists", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Counts what is written to it, and keeps none of it.</summary>
    private sealed class CountingWriter : TextWriter
    {
        public long Characters { get; private set; }

        public int LargestWrite { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write([value], 0, 1);

        public override void Write(char[] buffer, int index, int count)
        {
            Characters += count;
            LargestWrite = Math.Max(LargestWrite, count);
        }
    }
}
