using Midflight.Testing;
using System.Numerics;
using CsCheck;
using Midflight.Model;
using Midflight.State.Graph;

namespace Midflight.State.Tests;

#pragma warning disable CA1051 // the objects captured here have plain fields, as module state often does

/// <summary>
/// The shapes of state that real modules hold come back from a snapshot as they were — through the
/// wire format, read by a reader that is given only the module's own assembly — or are refused,
/// naming the way to the value, before anything depends on them.
/// </summary>
public sealed class StateShapeTests
{
    public enum Color
    {
        Red,
        Green = 7,
    }

    public sealed record Pair(int Number, string Text);

    public readonly record struct Point(int X, int Y);

    /// <summary>Writes <paramref name="value"/> as a module field, encodes and decodes the snapshot, and reads the field back.</summary>
    private static T RoundTrip<T>(T value)
    {
        var writer = new ObjectGraphWriter();
        var slot = writer.Slot("value", value);
        var snapshot = SnapshotCodec.Decode(SnapshotCodec.Encode(new Snapshot("m", [], new[] { slot }.ToEquatableArray(), writer.Heap, [])));
        var reader = new ObjectGraphReader(snapshot.Heap, [typeof(StateShapeTests).Assembly]);
        return reader.Read<T>(snapshot.Fields[0].Value);
    }

    [Fact]
    public void Multi_dimensional_arrays_come_back_with_their_shape_packed_or_not()
    {
        var grid = new int[3, 4];
        grid[2, 3] = 23;
        grid[1, 0] = -10;
        var board = new bool[2, 2, 2];
        board[1, 0, 1] = true;
        var names = new string?[2, 3];
        names[0, 2] = "corner";

        Assert.Equal(grid, RoundTrip(grid));
        Assert.Equal(board, RoundTrip(board));
        Assert.Equal(names, RoundTrip(names));
        Assert.Equal("System.Boolean[,,]", TypeNames.Of(board.GetType()));
    }

    [Fact]
    public void Nested_collections_records_tuples_enums_nullables_and_big_integers_come_back_equal()
    {
        var value = (
            Jagged: new[] { new[] { 1, 2 }, [], [3] },
            Buckets: new[] { new List<Pair> { new(1, "a") }, [] },
            Index: new Dictionary<string, Point[]> { ["p"] = [new(1, 2), new(3, 4)] },
            Sorted: new SortedDictionary<int, Color?> { [2] = Color.Green, [1] = null },
            Factorial: BigInteger.Parse("93326215443944152681699238856266700490715968264381621468592963895217599993229915608941463976156518286253697920827223758251185210916864000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture),
            Maybe: (int?)5);

        var back = RoundTrip(value);

        Assert.Equal(value.Jagged, back.Jagged);
        Assert.Equal(value.Buckets[0], back.Buckets[0]);
        Assert.Empty(back.Buckets[1]);
        Assert.Equal(value.Index["p"], back.Index["p"]);
        Assert.Equal(value.Sorted, back.Sorted);
        Assert.Equal(value.Factorial, back.Factorial);
        Assert.Equal(5, back.Maybe);
    }

    [Fact]
    public void Stacks_queues_sets_and_linked_lists_keep_their_order()
    {
        var stack = new Stack<int>([1, 2, 3]);
        var queue = new Queue<string>(["a", "b"]);
        queue.Dequeue();
        queue.Enqueue("c");
        var set = new HashSet<int> { 5, 1, 9 };
        set.Remove(1);
        set.Add(4);
        var list = new LinkedList<int>([3, 1, 2]);

        Assert.Equal(stack, RoundTrip(stack));
        Assert.Equal(queue, RoundTrip(queue));
        Assert.Equal(set, RoundTrip(set)); // in the order the set enumerates them
        Assert.Equal(list, RoundTrip(list));
    }

    [Fact]
    public void A_dictionary_and_a_set_with_removed_entries_refill_their_places_as_the_originals_do()
    {
        var ages = new Dictionary<string, int> { ["ann"] = 1, ["bob"] = 2, ["cy"] = 3, ["dee"] = 4 };
        ages.Remove("bob");
        ages.Remove("ann");
        var seen = new HashSet<int> { 10, 20, 30, 40 };
        seen.Remove(30);
        seen.Remove(10);

        var (agesBack, seenBack) = RoundTrip((ages, seen));
        foreach (var (dictionary, set) in new[] { (ages, seen), (agesBack, seenBack) })
        {
            dictionary["eve"] = 5;
            dictionary["fay"] = 6;
            dictionary["gus"] = 7;
            set.Add(50);
            set.Add(60);
            set.Add(70);
        }

        Assert.Equal(ages.ToList(), agesBack.ToList());
        Assert.Equal(seen.ToList(), seenBack.ToList());
    }

    [Fact]
    public void A_dictionary_with_removed_entries_whose_keys_cannot_be_made_up_is_refused()
    {
        var byPoint = new Dictionary<Point, int> { [new(1, 1)] = 1, [new(2, 2)] = 2 };
        byPoint.Remove(new(1, 1));

        var error = Assert.Throws<StateCaptureException>(() => RoundTrip(byPoint));

        Assert.Contains("entries were removed from this 'System.Collections.Generic.Dictionary<Midflight.State.Tests.StateShapeTests+Point, System.Int32>'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_collection_keeps_a_comparer_that_is_not_the_default()
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Apple" };
        var descending = new SortedSet<int>(Comparer<int>.Create((a, b) => b.CompareTo(a))) { 1, 3, 2 };

        var back = RoundTrip(words);

        Assert.Contains("APPLE", back);
        Assert.Equal([3, 2, 1], RoundTrip(descending));
    }

    public sealed class Cache
    {
        public LinkedList<string> Order = new();
        public Dictionary<string, LinkedListNode<string>> Nodes = [];
    }

    [Fact]
    public void The_nodes_a_linked_list_links_are_the_nodes_a_dictionary_keeps()
    {
        var cache = new Cache();
        foreach (var key in new[] { "a", "b", "c" })
        {
            cache.Nodes[key] = cache.Order.AddLast(key);
        }

        var back = RoundTrip(cache);
        back.Order.Remove(back.Nodes["b"]);
        back.Order.AddFirst(back.Nodes["b"]);

        Assert.Equal(["b", "a", "c"], back.Order);
        Assert.Same(back.Order, back.Nodes["c"].List);
    }

    [Fact]
    public void An_enumerator_of_a_list_goes_on_from_its_place_in_the_restored_list()
    {
        var holder = new List<object> { new List<int> { 10, 20, 30 } };
        var enumerator = ((List<int>)holder[0]).GetEnumerator();
        enumerator.MoveNext();
        holder.Add(enumerator);

        var back = RoundTrip(holder);
        var restored = (List<int>.Enumerator)back[1];

        Assert.Same(back[0], typeof(List<int>.Enumerator).GetField("_list", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(restored));
        Assert.True(restored.MoveNext());
        Assert.Equal(20, restored.Current);
    }

    [Fact]
    public void An_enumerator_of_a_dictionary_is_refused_with_the_way_to_it()
    {
        var holder = new object[] { new Dictionary<int, int> { [1] = 1 }.GetEnumerator() };

        var error = Assert.Throws<StateCaptureException>(() => RoundTrip(holder));

        Assert.StartsWith("[0]: a 'System.Collections.Generic.Dictionary+Enumerator<System.Int32, System.Int32>' stands at a place in the private table of its Dictionary", error.Message, StringComparison.Ordinal);
    }

    private static int Triple(int n) => 3 * n;

    [Fact]
    public void Delegates_to_methods_and_non_capturing_lambdas_come_back_calling_the_same_code()
    {
        var pair = new Pair(4, "four");
        Func<int, int> method = Triple;
        Func<int, int> lambda = n => n + 1;
        Func<string> bound = pair.ToString;
        Action<List<int>> both = l => l.Add(1);
        both += l => l.Add(2);

        var back = RoundTrip((method, lambda, bound, both));
        var list = new List<int>();
        back.both(list);

        Assert.Equal(12, back.method(4));
        Assert.Equal(5, back.lambda(4));
        Assert.Equal(pair.ToString(), back.bound());
        Assert.Equal([1, 2], list);
    }

    [Fact]
    public void Type_names_of_nested_generic_and_compiler_generated_types_resolve_back()
    {
        Type[] types = [typeof(List<int>.Enumerator), typeof(Dictionary<string, int>.KeyCollection), typeof(int[,][]), Iterator().GetType(), typeof(BigInteger)];

        foreach (var type in types)
        {
            Assert.Equal(type, TypeNames.Resolve(TypeNames.Of(type), [typeof(StateShapeTests).Assembly]));
        }
    }

    private static IEnumerable<int> Iterator()
    {
        yield return 1;
    }

    /// <summary>A generated shape: a value of nested collections of numbers and strings, with a way to compare it structurally.</summary>
    private static Gen<object> Shape(int depth)
    {
        var leaf = Gen.OneOf(Gen.Int.Select(i => (object)i), Gen.String.Select(s => (object)s), Gen.Long.Select(l => (object)(new BigInteger(l) * l)), Gen.Char.Select(c => (object)c), Gen.Float.Select(f => (object)f), Gen.Enum<Color>().Select(c => (object)c));
        if (depth == 0)
        {
            return leaf;
        }
        var inner = Gen.Int[0, 3].SelectMany(n => Gen.Int[1, 3].Select(m => new int[n, m]));
        return Gen.OneOf(
            leaf,
            Gen.Int.Array2D.Select(a => (object)a),
            Gen.Int.Array[0, 4].Array[0, 3].Select(a => (object)a),
            Gen.String.List[0, 4].Select(l => (object)l),
            Gen.Int.HashSet[0, 5].Select(s => (object)s),
            Gen.Dictionary(Gen.String, Gen.Int.Array[0, 3])[0, 4].Select(d => (object)d),
            Gen.Int.Array[0, 5].Select(a => (object)new Stack<int>(a)),
            Gen.String.Array[0, 5].Select(a => (object)new Queue<string>(a)),
            Gen.Int.Array[0, 5].Select(a => (object)new LinkedList<int>(a)),
            inner.Select(a => (object)a),
            Shape(depth - 1).List[0, 3].Select(l => (object)l));
    }

    [Fact]
    public void Generated_shapes_of_state_come_back_as_they_were()
    {
        Shape(2).List[1, 4].SamplePinned(values =>
        {
            var back = RoundTrip(values);
            Assert.Equal(Describe(values), Describe(back));
        }, seed: "3xIIj7a1pfL2", iter: 300);
    }

    /// <summary>A value's type and contents, in the order it enumerates them, and the shape of a multi-dimensional array.</summary>
    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => '"' + text + '"',
        Array { Rank: > 1 } array => $"{array.GetType()}[{string.Join("x", Enumerable.Range(0, array.Rank).Select(array.GetLength))}]({string.Join(",", array.Cast<object?>().Select(Describe))})",
        System.Collections.IDictionary dictionary => $"{value.GetType()}{{{string.Join(",", dictionary.Keys.Cast<object>().Select(k => Describe(k) + ":" + Describe(dictionary[k])))}}}",
        System.Collections.IEnumerable items => $"{value.GetType()}[{string.Join(",", items.Cast<object?>().Select(Describe))}]",
        _ => $"{value.GetType()}:{value}",
    };
}
