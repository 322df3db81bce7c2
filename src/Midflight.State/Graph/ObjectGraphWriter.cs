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
    private readonly Type? _moduleType;

    public ObjectGraphWriter()
    {
    }

    /// <summary>A writer for the state of <paramref name="module"/>: a reference to the module itself (a helper that keeps one, say) is not the module's fields again, but the instance that reads the snapshot.</summary>
    public ObjectGraphWriter(object module)
    {
        ArgumentNullException.ThrowIfNull(module);
        _moduleType = module.GetType();
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

    /// <summary>A slot for a variable of declared type <paramref name="declared"/>, holding <paramref name="value"/> (boxed if a value type).</summary>
    public Slot Slot(string name, Type declared, object? value) => new(name, TypeNames.Of(declared), WriteObject(value, declared));

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
        return WriteObject(value, typeof(T));
    }

    /// <summary>The snapshot value of <paramref name="value"/>, which stands where code declares a <paramref name="declared"/>.</summary>
    private StateValue WriteObject(object? value, Type declared)
    {
        if (value is not null && CollectionShapes.IsBoxedScalar(value.GetType(), declared))
        {
            // An int, a char or an enum where code declares an object: a bare integer would read back as a long.
            var id = _heap.Count;
            _heap.Add(new HeapObject(id, TypeNames.Of(value.GetType()), new[] { new Slot(CollectionShapes.BoxedValue, TypeNames.Of(value.GetType()), WriteObject(value)) }.ToEquatableArray(), []));
            return StateValue.Reference(id);
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
        if (CollectionEnumerators.TiedEnumerator(type) is { } collection)
        {
            throw new StateCaptureException(
                $"a '{TypeNames.Of(type)}' stands at a place in the private table of its {collection.Name[..collection.Name.IndexOf('`', StringComparison.Ordinal)]}, which a snapshot does not carry; let the loop that uses it finish before the point, or keep the keys in a list and iterate that");
        }
        var id = _heap.Count;
        if (!type.IsValueType)
        {
            _ids.Add(value, id);
        }
        _heap.Add(null!); // the id is taken before the contents, which may refer back to it
        _heap[id] = value switch
        {
            Array { Rank: > 1 } array => Dimensions(id, type, array),
            Array array when (BorrowsNumbers ? NumberArray.Wrapping(array) : NumberArray.Of(array)) is { } numbers => new HeapObject(id, TypeNames.Of(type), [], []) { Numbers = numbers },
            Array array => Elements(id, type, array, []),
            IDictionary dictionary when CollectionShapes.IsDictionary(type) => Elements(id, type, Pairs(dictionary), Comparer(value, type)),
            Delegate called => Delegate(id, type, called),
            IEnumerable items when CollectionShapes.IsLinkedList(type) => Elements(id, type, Nodes(items), []),
            IEnumerable items when CollectionShapes.IsSequence(type) => Elements(id, type, items, Comparer(value, type)),
            _ when CollectionShapes.IsLinkedListNode(type) => Node(id, type, value),
            _ => new HeapObject(id, TypeNames.Of(type), Fields(value, type), []),
        };
        return StateValue.Reference(id);
    }

    private HeapObject Elements(int id, Type type, IEnumerable items, EquatableArray<Slot> fields)
    {
        var elements = new List<StateValue>();
        var declared = CollectionShapes.ElementTypes(type);
        foreach (var item in items)
        {
            try
            {
                elements.Add(WriteObject(item, declared[elements.Count % declared.Length]));
            }
            catch (StateCaptureException exception)
            {
                throw exception.Within($"[{elements.Count}]");
            }
        }
        return new HeapObject(id, TypeNames.Of(type), fields, elements.ToEquatableArray());
    }

    /// <summary>A multi-dimensional array: its lengths, and its elements in row-major order, packed if they are numbers.</summary>
    private HeapObject Dimensions(int id, Type type, Array array)
    {
        var lengths = new int[array.Rank];
        for (var dimension = 0; dimension < lengths.Length; dimension++)
        {
            if (array.GetLowerBound(dimension) != 0)
            {
                throw new StateCaptureException($"a '{type}' whose dimension {dimension} starts at {array.GetLowerBound(dimension)}: snapshots carry arrays indexed from zero");
            }
            lengths[dimension] = array.GetLength(dimension);
        }
        var shaped = NumberArray.Of(array) is { } numbers
            ? new HeapObject(id, TypeNames.Of(type), [], []) { Numbers = numbers }
            : Elements(id, type, array, []);
        return shaped with { Lengths = lengths.ToEquatableArray() };
    }

    private static IEnumerable Pairs(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            yield return entry.Key;
            yield return entry.Value;
        }
    }

    // A linked list's elements are its nodes, which code may hold on to (an LRU cache keeps them in a
    // dictionary): they must stay the same objects as those the list links.
    private static IEnumerable Nodes(IEnumerable list)
    {
        var node = list.GetType().GetProperty("First")!.GetValue(list);
        var next = node?.GetType().GetProperty("Next")!;
        while (node is not null)
        {
            yield return node;
            node = next!.GetValue(node);
        }
    }

    /// <summary>A collection's comparer, as a field, where it is not the default one: a set of strings ignoring case must go on ignoring it.</summary>
    /// <remarks>A dictionary or set from which entries were removed keeps, too, where it will put the next ones (see <see cref="FreedPlaces.Of"/>).</remarks>
    private EquatableArray<Slot> Comparer(object collection, Type type)
    {
        var slots = new List<Slot>();
        if (CollectionShapes.ComparerOf(collection, type) is { } comparer)
        {
            slots.Add(Field(CollectionShapes.ComparerSlot, comparer.GetType(), comparer));
        }
        if (FreedPlaces.Of(collection, type) is { } freed)
        {
            var keys = type.GetGenericArguments()[0];
            if (FreedPlaces.Placeholders(keys, []) is null)
            {
                throw new StateCaptureException(
                    $"entries were removed from this '{TypeNames.Of(type)}', and the order in which it will refill their places can be rebuilt only for keys of numbers, strings, characters, enums or GUIDs, not of '{TypeNames.Of(keys)}'; enumerate it into a list where the order matters, or remove nothing before the point");
            }
            slots.Add(new Slot(FreedPlaces.Slot, TypeNames.Of(typeof(int[])), StateValue.List(freed.Select(p => StateValue.Integer(p)))));
        }
        return slots.ToEquatableArray();
    }

    /// <summary>A delegate: the method it calls and the object it calls it on; several combined, as the list of them (see <see cref="DelegateShape"/>).</summary>
    private HeapObject Delegate(int id, Type type, Delegate called)
    {
        var list = called.GetInvocationList();
        if (list.Length > 1)
        {
            return Elements(id, type, list, []);
        }
        if (called.Target?.GetType() is { } closure && IsClosureOfModule(closure))
        {
            // Its variables are the locals of a frame that the capture writes on its own: after the
            // move the lambda and the frame would each have a copy, and no longer see each other's writes.
            throw new StateCaptureException(
                $"a lambda ({called.Method.Name}) that captures local variables of a method of the module cannot be carried apart from them; make it capture nothing (pass what it needs as arguments, or keep it in fields), or let it go before the point");
        }
        var method = new Slot(DelegateShape.MethodSlot, TypeNames.Of(typeof(string)), StateValue.String(DelegateShape.NameOf(called.Method)));
        return new HeapObject(id, TypeNames.Of(type), new[] { method, Field(DelegateShape.TargetSlot, typeof(object), called.Target) }.ToEquatableArray(), []);
    }

    /// <summary>Whether <paramref name="type"/> is a closure the compiler made for a lambda in one of the module's methods.</summary>
    private bool IsClosureOfModule(Type type)
    {
        if (_moduleType is null || !type.Name.StartsWith("<>c__DisplayClass", StringComparison.Ordinal))
        {
            return false;
        }
        for (var outer = type.DeclaringType; outer is not null; outer = outer.DeclaringType)
        {
            if (outer == _moduleType || (outer.IsGenericTypeDefinition && _moduleType.IsGenericType && outer == _moduleType.GetGenericTypeDefinition()))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A linked list's node by its value alone: the list that links it is written by its nodes.</summary>
    private HeapObject Node(int id, Type type, object node)
    {
        var value = type.GetProperty(CollectionShapes.NodeValue)!;
        return new HeapObject(id, TypeNames.Of(type), new[] { Field(CollectionShapes.NodeValue, value.PropertyType, value.GetValue(node)) }.ToEquatableArray(), []);
    }

    private Slot Field(string name, Type declared, object? value)
    {
        try
        {
            return new Slot(name, TypeNames.Of(declared), WriteObject(value, declared));
        }
        catch (StateCaptureException exception)
        {
            throw exception.Within($"'{CollectionShapes.NaturalName(name)}'");
        }
    }

    private EquatableArray<Slot> Fields(object value, Type type) =>
        CollectionShapes.FieldsOf(type)
            .Select(f => Field(f.Name, f.Field.FieldType, f.Field.GetValue(value)))
            .ToEquatableArray();

    /// <summary>
    /// Writes the fields an object declares from <paramref name="type"/> down to, not including,
    /// <paramref name="stopAt"/>: a module's own state, without its base class's. The fields named in
    /// <paramref name="carried"/> are not walked: their slots hold nothing, for their objects go by reference.
    /// </summary>
    /// <exception cref="StateCaptureException">A value cannot be put in a snapshot; its path starts with the field that holds it.</exception>
    public EquatableArray<Slot> FieldsOf(object instance, Type type, Type stopAt, IReadOnlySet<string>? carried = null) =>
        CollectionShapes.FieldsOf(type, stopAt)
            .Select(f =>
            {
                try
                {
                    return carried?.Contains(f.Name) == true
                        ? new Slot(f.Name, TypeNames.Of(f.Field.FieldType), StateValue.Null)
                        : new Slot(f.Name, TypeNames.Of(f.Field.FieldType), WriteObject(f.Field.GetValue(instance), f.Field.FieldType));
                }
                catch (StateCaptureException exception)
                {
                    throw exception.Within($"field '{CollectionShapes.NaturalName(f.Name)}'");
                }
            })
            .ToEquatableArray();
}
