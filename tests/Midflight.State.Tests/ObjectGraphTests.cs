using Midflight.Model;
using Midflight.State.Graph;

namespace Midflight.State.Tests;

#pragma warning disable CA1051 // the objects captured here have plain fields, as module state often does
public sealed class ObjectGraphTests
{
    public sealed class Node
    {
        public string Name = "";
        public Node? Next;
        public List<Node> Friends = [];
        public Dictionary<string, int[]> Tallies = [];
    }

    public sealed class Renamed
    {
        public string Title = "";
    }

    private static (StateValue Value, IReadOnlyList<HeapObject> Heap) Write<T>(T value)
    {
        var writer = new ObjectGraphWriter();
        var written = writer.Write(value);
        return (written, writer.Heap);
    }

    private static ObjectGraphReader Reader(IReadOnlyList<HeapObject> heap) => new(heap, [typeof(ObjectGraphTests).Assembly]);

    public sealed class Buffers
    {
        public int[] Ints = [1, -2, int.MaxValue, int.MinValue];
        public long[] Longs = [long.MinValue, 0, long.MaxValue];
        public byte[] Bytes = [0, 255];
        public short[] Shorts = [short.MinValue, short.MaxValue];
        public double[] Doubles = [0.5, double.NaN, double.NegativeInfinity, -0.0];
        public float[] Floats = [1.5f, float.MaxValue];
        public int[] Shared = [7];
        public int[]? Again;
    }

    [Fact]
    public void Arrays_of_numbers_are_packed_and_come_back_equal_through_the_encoding()
    {
        var buffers = new Buffers();
        buffers.Again = buffers.Shared;
        var (value, heap) = Write(buffers);
        var snapshot = new Snapshot("m", [], [], heap.ToEquatableArray(), []);

        var decoded = SnapshotCodec.Decode(SnapshotCodec.Encode(snapshot));
        var read = Reader(decoded.Heap).Read<Buffers>(value);

        Assert.Equal(7, decoded.Heap.Count(h => h.Numbers is not null)); // every array, the shared one once
        Assert.All(decoded.Heap.Where(h => h.Numbers is not null), h => Assert.Empty(h.Elements));
        Assert.Equal(buffers.Ints, read.Ints);
        Assert.Equal(buffers.Longs, read.Longs);
        Assert.Equal(buffers.Bytes, read.Bytes);
        Assert.Equal(buffers.Shorts, read.Shorts);
        Assert.Equal(buffers.Doubles, read.Doubles);
        Assert.Equal(buffers.Floats, read.Floats);
        Assert.Same(read.Shared, read.Again);
    }

    [Fact]
    public void A_snapshot_keeps_the_numbers_as_they_were_when_written_and_each_read_copies_them()
    {
        var buffers = new Buffers();
        var (value, heap) = Write(buffers);
        buffers.Ints[0] = 99;

        var first = Reader(heap).Read<Buffers>(value);
        first.Ints[1] = 99;
        var second = Reader(heap).Read<Buffers>(value);

        Assert.Equal([1, -2, int.MaxValue, int.MinValue], second.Ints);
        Assert.NotSame(first.Ints, second.Ints);
    }

    [Fact]
    public void A_stopped_module_s_arrays_are_borrowed_and_handed_over_whole_to_the_instance_that_takes_over()
    {
        var buffers = new Buffers();
        buffers.Again = buffers.Shared;
        var writer = new ObjectGraphWriter { BorrowsNumbers = true };
        var value = writer.Write(buffers);

        var copied = Reader(writer.Heap).Read<Buffers>(value);
        var taken = new ObjectGraphReader(writer.Heap, [typeof(ObjectGraphTests).Assembly]) { HandsOverNumbers = true }.Read<Buffers>(value);

        Assert.Equal(buffers.Doubles, copied.Doubles);
        Assert.NotSame(buffers.Doubles, copied.Doubles);
        Assert.Same(buffers.Doubles, taken.Doubles);
        Assert.Same(buffers.Ints, taken.Ints);
        Assert.Same(taken.Shared, taken.Again);
    }

    [Fact]
    public void A_packed_array_read_by_shape_fills_a_list()
    {
        int[] numbers = [3, 1, 2];
        var (value, heap) = Write(numbers);

        var read = new ObjectGraphReader(heap, [typeof(ObjectGraphTests).Assembly], byShape: true).Read<List<int>>(value);

        Assert.Equal([3, 1, 2], read);
    }

    [Fact]
    public void A_graph_comes_back_with_its_cycles_and_shared_references()
    {
        var a = new Node { Name = "a" };
        var b = new Node { Name = "b", Next = a };
        a.Next = b;
        a.Friends.Add(b);
        a.Friends.Add(b);
        a.Tallies["x"] = [1, 2, 3];
        var (value, heap) = Write(a);

        var read = Reader(heap).Read<Node>(value);

        Assert.Equal("a", read.Name);
        Assert.Same(read, read.Next!.Next);
        Assert.Same(read.Next, read.Friends[0]);
        Assert.Same(read.Friends[0], read.Friends[1]);
        Assert.Equal([1, 2, 3], read.Tallies["x"]);
    }

    [Fact]
    public void Stacks_queues_and_sets_keep_their_order_and_contents()
    {
        var stack = new Stack<int>([1, 2, 3]);
        var queue = new Queue<string>(["x", "y"]);
        var set = new HashSet<long> { 5, 7 };
        var reader = new ObjectGraphWriter();
        var values = (reader.Write(stack), reader.Write(queue), reader.Write(set));
        var back = Reader(reader.Heap);

        Assert.Equal(stack, back.Read<Stack<int>>(values.Item1));
        Assert.Equal(queue, back.Read<Queue<string>>(values.Item2));
        Assert.Equal(set, back.Read<HashSet<long>>(values.Item3));
    }

    [Fact]
    public void An_object_the_new_code_s_type_does_not_fit_is_a_clear_error()
    {
        var (value, heap) = Write(new Node { Name = "a" });

        var error = Assert.Throws<StateCaptureException>(() => Reader(heap).Read<Renamed>(value));

        Assert.Contains("cannot stand where the new code expects a 'Midflight.State.Tests.ObjectGraphTests+Renamed'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_the_new_type_does_not_declare_is_a_clear_error()
    {
        var (value, heap) = Write(new Node { Name = "a" });
        var renamed = heap.Select(h => h with { Fields = h.Fields.Select(f => f.Name == "Name" ? f with { Name = "Label" } : f).ToEquatableArray() }).ToList();

        var error = Assert.Throws<StateCaptureException>(() => Reader(renamed).Read<Node>(value));

        Assert.Contains("has a field 'Label' that the new code's type does not declare", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thread_cannot_be_captured_and_the_refusal_names_the_way_to_it()
    {
        var holder = new Node { Name = "holder", Friends = [new Node { Name = "friend" }] };
        holder.Friends[0].Tallies["t"] = [1];
        var writer = new ObjectGraphWriter();
        var threads = new Dictionary<string, object> { ["worker"] = Thread.CurrentThread };

        var error = Assert.Throws<StateCaptureException>(() => writer.Write(new object[] { holder, threads }));

        Assert.Equal("[1] → [1]: a thread cannot be put in a snapshot", error.Message);
    }

    [Fact]
    public void Type_names_read_as_csharp_writes_them_and_resolve_back()
    {
        var type = typeof(Dictionary<string, List<Node>[]>);

        var name = TypeNames.Of(type);

        Assert.Equal("System.Collections.Generic.Dictionary<System.String, System.Collections.Generic.List<Midflight.State.Tests.ObjectGraphTests+Node>[]>", name);
        Assert.Equal(type, TypeNames.Resolve(name, [typeof(ObjectGraphTests).Assembly, typeof(object).Assembly]));
    }
}
