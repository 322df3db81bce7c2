using CsCheck;
using Midflight.Model;

namespace Midflight.State.Tests;

/// <summary>Random valid snapshots: every reference points at a heap object the snapshot holds.</summary>
internal static class SnapshotGenerators
{
    private static readonly Gen<string> Names = Gen.OneOf("n", "num", "rp", "temper", "accounts", "é", "", "a b", "cut \uD83D");

    // Any strings, and strings of surrogates that are often lone: UTF-8 cannot hold those, the codec must.
    private static readonly Gen<string> Strings = Gen.OneOf(Gen.String, Gen.Char['\uD7FE', '\uE001'].Array[0, 4].Select(chars => new string(chars)));

    private static Gen<StateValue> Values(int heapSize, int depth)
    {
        var scalars = Gen.OneOf(
            Gen.Const(StateValue.Null),
            Gen.Long.Select(StateValue.Integer),
            Gen.Double.Select(StateValue.Float),
            Strings.Select(StateValue.String),
            Gen.Bool.Select(StateValue.Boolean));
        var withReferences = heapSize == 0 ? scalars : Gen.OneOf(scalars, Gen.Int[0, heapSize - 1].Select(StateValue.Reference));
        return depth == 0 ? withReferences : Gen.OneOf(withReferences, Values(heapSize, depth - 1).Array[0, 3].Select(items => StateValue.List(items)));
    }

    // Packed arrays of numbers: none, or any bytes of any number type, a whole number of elements.
    private static readonly Gen<NumberArray?> Numbers = Gen.OneOf(
        Gen.Const((NumberArray?)null),
        Gen.Enum<NumberType>().SelectMany(type => Gen.Byte.Array[0, 5].Select(elements =>
            (NumberArray?)NumberArray.FromBytes(type, [.. elements.SelectMany(e => Enumerable.Repeat(e, NumberArray.WidthOf(type)))]))));

    private static Gen<EquatableArray<Slot>> Slots(int heapSize) =>
        Gen.Select(Names, Names, Values(heapSize, 2), (name, type, value) => new Slot(name, type, value)).Array[0, 4].Select(s => s.ToEquatableArray());

    private static Gen<Frame[]> Frames(int heapSize) =>
        Gen.Select(Names, Gen.Int[0, 100], Slots(heapSize), (method, site, variables) => new Frame(method, site, variables)).Array[0, 5];

    public static readonly Gen<Snapshot> Snapshots = Gen.Int[0, 4].SelectMany(heapSize =>
        Gen.Select(
            Names,
            Frames(heapSize),
            Slots(heapSize),
            Gen.Select(Names, Slots(heapSize), Values(heapSize, 1).Array[0, 3], Numbers, (type, fields, elements, numbers) => (type, fields, elements, numbers)).Array[heapSize],
            Gen.Select(Names, Values(heapSize, 1).Array[0, 2].Array[0, 3], (name, messages) => new QueuedMessages(name, messages.Select(m => m.ToEquatableArray()).ToEquatableArray())).Array[0, 2],
            (module, frames, fields, heap, queues) => new Snapshot(
                module,
                frames.ToEquatableArray(),
                fields,
                heap.Select((h, id) => new HeapObject(id, h.type, h.fields, h.elements.ToEquatableArray()) { Numbers = h.numbers }).ToEquatableArray(),
                queues.ToEquatableArray()))
        .SelectMany(snapshot => Gen.Select(Names, Frames(heapSize), (worker, frames) => new WorkerStack(worker, frames.ToEquatableArray())).Array[0, 3]
            .Select(workers => snapshot with { Workers = workers.ToEquatableArray() })));
}
