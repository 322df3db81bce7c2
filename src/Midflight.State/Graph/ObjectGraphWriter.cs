using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Midflight.Model;

namespace Midflight.State.Graph;

/// <summary>
/// Turns the objects a module's variables and fields reach into snapshot values: scalars stand where
/// they are; every object becomes a <see cref="HeapObject"/> written once and referred to by id, so a
/// graph keeps its shared references and cycles. Lists, arrays, dictionaries, sets, queues and stacks
/// are written by their contents, not by their private fields, so that their layout in a future .NET
/// does not matter; any other object by its fields, its base classes' included.
/// </summary>
/// <remarks>One writer serves one snapshot, so references between frames and fields are kept too. Not thread-safe.</remarks>
public sealed class ObjectGraphWriter
{
    /// <summary>The type name of the heap object that stands for the module itself: its new instance, when read.</summary>
    public const string ModuleItself = "<module>";

    private readonly Dictionary<object, int> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly List<HeapObject> _heap = [];

    public ObjectGraphWriter()
    {
    }

    /// <summary>A writer for the state of <paramref name="module"/>: a reference to the module itself (a helper that keeps one, say) is not the module's fields again, but the instance that reads the snapshot.</summary>
    public ObjectGraphWriter(object module)
    {
        _ids.Add(module, 0);
        _heap.Add(new HeapObject(0, ModuleItself, [], []));
    }

    /// <summary>
    /// Whether arrays of numbers are taken as they are, not copied: for a module stopped at its point,
    /// which runs again only if restored from the snapshot, so that nothing changes them while the
    /// snapshot lives.
    /// </summary>
    public bool BorrowsNumbers { get; init; }

    /// <summary>The objects written so far, in the order their ids were given.</summary>
    public EquatableArray<HeapObject> Heap => _heap.ToEquatableArray();

    /// <summary>A slot for a variable or field, typed by its declared type <typeparamref name="T"/>.</summary>
    public Slot Slot<T>(string name, T value) => new(name, TypeNames.Of(typeof(T)), Write(value));

    /// <summary>The snapshot value of <paramref name="value"/>. Generic so that the common scalars do not box.</summary>
    public StateValue Write<T>(T value)
    {
        if (typeof(T) == typeof(int))
        {
            return StateValue.Integer(Unsafe.As<T, int>(ref value));
        }
        if (typeof(T) == typeof(long))
        {
            return StateValue.Integer(Unsafe.As<T, long>(ref value));
        }
        if (typeof(T) == typeof(double))
        {
            return StateValue.Float(Unsafe.As<T, double>(ref value));
        }
        if (typeof(T) == typeof(bool))
        {
            return StateValue.Boolean(Unsafe.As<T, bool>(ref value));
        }
        return WriteObject(value);
    }

    private StateValue WriteObject(object? value)
    {
        switch (value)
        {
            case null: return StateValue.Null;
            case string text: return StateValue.String(text);
            case bool flag: return StateValue.Boolean(flag);
            case double number: return StateValue.Float(number);
            case float number: return StateValue.Float(number);
            case decimal number: return StateValue.String(number.ToString(CultureInfo.InvariantCulture));
            case char character: return StateValue.Integer(character);
            case ulong number: return StateValue.Integer(unchecked((long)number));
            case Enum or sbyte or byte or short or ushort or int or uint or long:
                return StateValue.Integer(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case Delegate:
                throw new StateCaptureException($"a delegate ({value.GetType()}) points at code and cannot be put in a snapshot");
            case Thread:
                throw new StateCaptureException("a thread cannot be put in a snapshot");
            case nint or nuint or Pointer:
                throw new StateCaptureException($"'{value.GetType()}' is an address in this process and cannot be put in a snapshot");
        }
        var type = value.GetType();
        // Values have no identity: each occurrence is an object of its own.
        if (!type.IsValueType && _ids.TryGetValue(value, out var existing))
        {
            return StateValue.Reference(existing);
        }
        var id = _heap.Count;
        if (!type.IsValueType)
        {
            _ids.Add(value, id);
        }
        _heap.Add(null!); // the id is taken before the contents, which may refer back to it
        _heap[id] = value switch
        {
            Array array when (BorrowsNumbers ? NumberArray.Wrapping(array) : NumberArray.Of(array)) is { } numbers => new HeapObject(id, TypeNames.Of(type), [], []) { Numbers = numbers },
            Array array => Elements(id, type, array),
            IDictionary dictionary when CollectionShapes.IsDictionary(type) => Elements(id, type, Pairs(dictionary)),
            IEnumerable items when CollectionShapes.IsSequence(type) => Elements(id, type, items),
            _ => new HeapObject(id, TypeNames.Of(type), Fields(value, type), []),
        };
        return StateValue.Reference(id);
    }

    private HeapObject Elements(int id, Type type, IEnumerable items)
    {
        var elements = new List<StateValue>();
        foreach (var item in items)
        {
            elements.Add(WriteObject(item));
        }
        return new HeapObject(id, TypeNames.Of(type), [], elements.ToEquatableArray());
    }

    private static IEnumerable Pairs(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            yield return entry.Key;
            yield return entry.Value;
        }
    }

    private EquatableArray<Slot> Fields(object value, Type type) =>
        CollectionShapes.FieldsOf(type)
            .Select(f => new Slot(f.Name, TypeNames.Of(f.Field.FieldType), WriteObject(f.Field.GetValue(value))))
            .ToEquatableArray();

    /// <summary>Writes the fields an object declares from <paramref name="type"/> down to, not including, <paramref name="stopAt"/>: a module's own state, without its base class's.</summary>
    public EquatableArray<Slot> FieldsOf(object instance, Type type, Type stopAt) =>
        CollectionShapes.FieldsOf(type, stopAt)
            .Select(f => new Slot(f.Name, TypeNames.Of(f.Field.FieldType), WriteObject(f.Field.GetValue(instance))))
            .ToEquatableArray();
}
