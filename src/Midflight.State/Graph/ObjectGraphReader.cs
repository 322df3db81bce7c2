using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Midflight.State.Graph;

/// <summary>
/// Makes objects again from snapshot values, in the types of the code that reads them: each heap
/// object once, so shared references and cycles come back as they were. Types are found by name in
/// the assemblies given, the new module version's first, so a snapshot crosses versions and load
/// contexts.
/// </summary>
/// <remarks>One reader serves one snapshot. Not thread-safe.</remarks>
public sealed class ObjectGraphReader
{
    private readonly Dictionary<int, HeapObject> _heap;
    private readonly Dictionary<int, object> _made = [];
    private readonly IReadOnlyList<Assembly> _assemblies;
    private readonly bool _byShape;

    /// <summary>A reader of objects from a snapshot's heap.</summary>
    /// <param name="heap">The snapshot's heap objects.</param>
    /// <param name="assemblies">Where the types the snapshot names are found, the new module version's first.</param>
    /// <param name="module">What stands where the snapshot refers to the module itself.</param>
    /// <param name="byShape">
    /// Whether objects are made in the types the reading code expects, matched by field names, rather
    /// than in the types the snapshot names: how a state mapper receives the old version's data in
    /// types of its own. Fields those types do not declare are left out.
    /// </param>
    public ObjectGraphReader(IEnumerable<HeapObject> heap, IReadOnlyList<Assembly> assemblies, object? module = null, bool byShape = false)
    {
        ArgumentNullException.ThrowIfNull(heap);
        _byShape = byShape;
        _heap = heap.ToDictionary(o => o.Id);
        _assemblies = [.. assemblies, typeof(object).Assembly, typeof(Queue<>).Assembly, typeof(LinkedList<>).Assembly];
        foreach (var itself in _heap.Values.Where(o => o.Type == ObjectGraphWriter.ModuleItself))
        {
            _made[itself.Id] = module ?? throw new StateCaptureException($"heap object #{itself.Id} stands for the module itself, but no module reads this snapshot");
        }
    }

    /// <summary>
    /// Whether arrays of numbers read as their own type are the snapshot's own arrays rather than
    /// copies: for the one instance that takes over from the module the snapshot was taken of, when
    /// nothing reads the snapshot again while it runs. A move within the process then copies none of them.
    /// </summary>
    public bool HandsOverNumbers { get; init; }

    /// <summary>The value as a <typeparamref name="T"/>. Generic so that the common scalars do not box.</summary>
    public T Read<T>(StateValue value)
    {
        if (typeof(T) == typeof(int) && value.Kind == StateValueKind.Integer)
        {
            var number = checked((int)value.AsInteger());
            return Unsafe.As<int, T>(ref number);
        }
        if (typeof(T) == typeof(double) && value.Kind == StateValueKind.Float)
        {
            var number = value.AsFloat();
            return Unsafe.As<double, T>(ref number);
        }
        return (T)Read(value, typeof(T))!;
    }

    public object? Read(StateValue value, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return value.Kind switch
        {
            StateValueKind.Null => type.IsValueType && Nullable.GetUnderlyingType(type) is null
                ? throw new StateCaptureException($"null cannot be a {TypeNames.Of(type)}")
                : null,
            StateValueKind.Integer => Integer(value.AsInteger(), target),
            // Boxed as a float: the conditional's type is double, and a boxed double cannot go in a float field or array.
            StateValueKind.Float => target == typeof(float) ? (object)(float)value.AsFloat()
                : target == typeof(double) || target == typeof(object) ? value.AsFloat()
                : throw Mismatch("a floating-point number", type),
            StateValueKind.Boolean => target == typeof(bool) || target == typeof(object) ? value.AsBoolean() : throw Mismatch("a boolean", type),
            StateValueKind.String => target == typeof(decimal) ? decimal.Parse(value.AsString(), CultureInfo.InvariantCulture)
                : target.IsAssignableFrom(typeof(string)) ? value.AsString()
                : throw Mismatch("a string", type),
            StateValueKind.Reference => Object(value.AsReference(), type),
            _ => throw Mismatch(value.Kind.ToString(), type),
        };
    }

    private static object Integer(long number, Type type)
    {
        if (type.IsEnum)
        {
            return Enum.ToObject(type, number);
        }
        if (type == typeof(char))
        {
            return checked((char)number);
        }
        if (type == typeof(ulong))
        {
            return unchecked((ulong)number);
        }
        return type == typeof(object)
            ? number
            : Type.GetTypeCode(type) is >= TypeCode.SByte and <= TypeCode.UInt64
                ? Convert.ChangeType(number, type, CultureInfo.InvariantCulture)
                : throw Mismatch("an integer", type);
    }

    private object Object(int id, Type expected)
    {
        if (_made.TryGetValue(id, out var made))
        {
            return made;
        }
        if (!_heap.TryGetValue(id, out var heapObject))
        {
            throw new StateCaptureException($"the snapshot refers to heap object #{id}, which it does not hold");
        }
        var type = _byShape && !expected.IsAbstract && !expected.IsInterface && expected != typeof(object)
            ? Nullable.GetUnderlyingType(expected) ?? expected
            : TypeNames.Resolve(heapObject.Type, _assemblies)
                ?? throw new StateCaptureException($"heap object #{id} is a '{heapObject.Type}', a type the new code does not have");
        if (!expected.IsAssignableFrom(type) && Nullable.GetUnderlyingType(expected) != type)
        {
            throw new StateCaptureException($"heap object #{id} is a '{heapObject.Type}', which cannot stand where the new code expects a '{TypeNames.Of(expected)}'");
        }
        if (heapObject.Numbers is { } packed && packed.ArrayType == type)
        {
            var numbers = HandsOverNumbers ? packed.HandOver() : packed.ToArray();
            // An array of numbers read as its own type: copied whole, or not at all. Into another (long[] from int[],
            // or a list by shape), it takes the general path, element by element.
            _made[id] = numbers;
            return numbers;
        }
        if (type.IsArray)
        {
            var elementType = type.GetElementType()!;
            var array = Array.CreateInstance(elementType, heapObject.ElementCount);
            _made[id] = array;
            for (var i = 0; i < array.Length; i++)
            {
                array.SetValue(Read(heapObject.ElementAt(i), elementType), i);
            }
            return array;
        }
        if (CollectionShapes.IsDictionary(type))
        {
            var arguments = type.GetGenericArguments();
            var dictionary = (IDictionary)Activator.CreateInstance(type)!;
            _made[id] = dictionary;
            for (var i = 0; i + 1 < heapObject.Elements.Count; i += 2)
            {
                dictionary.Add(Read(heapObject.Elements[i], arguments[0])!, Read(heapObject.Elements[i + 1], arguments[1]));
            }
            return dictionary;
        }
        if (CollectionShapes.IsSequence(type))
        {
            return Sequence(id, type, heapObject);
        }
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        if (!type.IsValueType)
        {
            _made[id] = instance;
        }
        var fields = _byShape ? CollectionShapes.FieldsByNaturalName(type) : CollectionShapes.FieldsNamed(type);
        foreach (var slot in heapObject.Fields)
        {
            if (!fields.TryGetValue(_byShape ? CollectionShapes.NaturalName(slot.Name) : slot.Name, out var field))
            {
                if (_byShape)
                {
                    continue;
                }
                throw new StateCaptureException($"heap object #{id} ('{heapObject.Type}') has a field '{slot.Name}' that the new code's type does not declare");
            }
            field.SetValue(instance, Read(slot.Value, field.FieldType)); // a boxed struct is set in its box
        }
        return instance;
    }

    private object Sequence(int id, Type type, HeapObject heapObject)
    {
        var elementType = type.GetGenericArguments()[0];
        var items = Enumerable.Range(0, heapObject.ElementCount).Select(heapObject.ElementAt);
        // A stack enumerates from its top; pushing in reverse order puts that top back on top.
        if (type.GetGenericTypeDefinition() == typeof(Stack<>))
        {
            items = items.Reverse();
        }
        var collection = Activator.CreateInstance(type)!;
        _made[id] = collection;
        var add = type.GetMethod("Add", [elementType]) ?? type.GetMethod("Enqueue", [elementType]) ?? type.GetMethod("Push", [elementType])
            ?? type.GetMethod("AddLast", [elementType])!;
        foreach (var item in items)
        {
            add.Invoke(collection, [Read(item, elementType)]);
        }
        return collection;
    }

    private static StateCaptureException Mismatch(string what, Type type) =>
        new($"the snapshot holds {what} where the new code expects a '{TypeNames.Of(type)}'");

    /// <summary>Sets the fields of <paramref name="instance"/> from slots written by <see cref="ObjectGraphWriter.FieldsOf"/>.</summary>
    public void SetFields(object instance, IEnumerable<Slot> slots, Type stopAt)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var fields = CollectionShapes.FieldsOf(instance.GetType(), stopAt).ToDictionary(f => f.Name, f => f.Field, StringComparer.Ordinal);
        foreach (var slot in slots)
        {
            if (!fields.TryGetValue(slot.Name, out var field))
            {
                throw new StateCaptureException($"the snapshot has module field '{slot.Name}' ({slot.Type}), which '{instance.GetType().Name}' does not declare");
            }
            field.SetValue(instance, Read(slot.Value, field.FieldType));
        }
    }
}
