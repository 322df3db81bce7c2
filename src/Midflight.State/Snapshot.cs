using Midflight.Model;

namespace Midflight.State;

/// <summary>
/// A named, typed value: a variable of a frame, a field of the module or of a heap object. The type is
/// written as the module's source names it (<c>int</c>, <c>List&lt;Account&gt;</c>), for people and for
/// the consistency check of an update.
/// </summary>
public sealed record Slot(string Name, string Type, StateValue Value);

/// <summary>
/// One activation record: the method (by its stable identity in the module), the resume site (the
/// number of the capture edge where execution resumes), and its live variables.
/// </summary>
public sealed record Frame(string Method, int ResumeSite, EquatableArray<Slot> Variables);

/// <summary>
/// An object on the heap, referred to by <see cref="StateValueKind.Reference"/> values. An object has
/// fields; an array or list has elements; an array of numbers has them packed in <see cref="Numbers"/>;
/// a multi-dimensional array has its elements in row-major order and its shape in <see cref="Lengths"/>.
/// </summary>
public sealed record HeapObject(int Id, string Type, EquatableArray<Slot> Fields, EquatableArray<StateValue> Elements)
{
    /// <summary>The elements of an array of numbers, packed; null for any other object, whose elements are <see cref="Elements"/>.</summary>
    public NumberArray? Numbers { get; init; }

    /// <summary>For a multi-dimensional array, the length of each dimension; empty for anything else.</summary>
    public EquatableArray<int> Lengths { get; init; }

    /// <summary>How many elements it has, packed or not.</summary>
    public int ElementCount => Numbers?.Count ?? Elements.Count;

    /// <summary>An element, packed or not.</summary>
    public StateValue ElementAt(int index) => Numbers is { } numbers ? numbers[index] : Elements[index];
}

/// <summary>The messages queued at one incoming interface, oldest first; each message is its list of field values.</summary>
public sealed record QueuedMessages(string Interface, EquatableArray<EquatableArray<StateValue>> Messages);

/// <summary>
/// The stack of one of a module's workers (<c>[Worker]</c>), outermost frame first, by the worker's
/// name (its method, and its index among the workers of that method: <c>Crunch[2]</c>); no frames for
/// a worker whose run had ended, which is not started again.
/// </summary>
public sealed record WorkerStack(string Worker, EquatableArray<Frame> Frames);

/// <summary>
/// A module's whole state in an abstract format, independent of machine and version: its stack of
/// frames (outermost first), its fields, the heap objects they reach, and its queued messages.
/// </summary>
public sealed record Snapshot(
    string Module,
    EquatableArray<Frame> Frames,
    EquatableArray<Slot> Fields,
    EquatableArray<HeapObject> Heap,
    EquatableArray<QueuedMessages> Queues)
{
    /// <summary>The version of the encoding this Midflight writes; it reads this one and older.</summary>
    /// <remarks>
    /// Version 2 added packed arrays of numbers (<see cref="HeapObject.Numbers"/>); version 3 the shape
    /// of multi-dimensional arrays (<see cref="HeapObject.Lengths"/>); version 4 strings that are not
    /// well-formed UTF-16, kept exactly; version 5 the stacks of the module's workers (<see cref="Workers"/>).
    /// </remarks>
    public const int FormatVersion = 5;

    /// <summary>The stacks of the module's workers, beside its run's (<see cref="Frames"/>); empty for a module without workers.</summary>
    public EquatableArray<WorkerStack> Workers { get; init; }

    /// <summary>
    /// Fields handed to the new instance as they are, by reference, within the process — the tables of
    /// lazily converted objects (<c>Versioned</c>), whatever their size — by name; their slots in
    /// <see cref="Fields"/> hold nothing. Such a snapshot cannot leave the process: it is never encoded.
    /// </summary>
    /// <remarks>One empty table for every snapshot that carries nothing, so that equal snapshots stay equal.</remarks>
    public IReadOnlyDictionary<string, object?> Carried { get; init; } = NothingCarried;

    private static readonly IReadOnlyDictionary<string, object?> NothingCarried = new Dictionary<string, object?>();
}
