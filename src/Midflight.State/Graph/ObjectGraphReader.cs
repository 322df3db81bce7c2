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
    private readonly TypeScope _scope;
    private readonly Dictionary<string, Type?> _types = new(StringComparer.Ordinal);
    private readonly bool _byShape;

    /// <summary>A reader of objects from a snapshot's heap.</summary>
    /// <param name="heap">The snapshot's heap objects.</param>
    /// <param name="assemblies">Where the types the snapshot names are found, the new module version's first, then what they reference (see <see cref="TypeScope"/>).</param>
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
        _scope = new TypeScope(assemblies);
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

    /// <summary>The type a snapshot names <paramref name="name"/>, in the reading code; null if it has none.</summary>
    public Type? TypeNamed(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_types.TryGetValue(name, out var type))
        {
            _types[name] = type = TypeNames.Resolve(name, _scope);
        }
        return type;
    }

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
            : TypeNamed(heapObject.Type)
                ?? throw new StateCaptureException($"heap object #{id} is a '{heapObject.Type}', a type that neither the new code nor any assembly it references has");
        if (!expected.IsAssignableFrom(type) && Nullable.GetUnderlyingType(expected) != type)
        {
            throw new StateCaptureException($"heap object #{id} is a '{heapObject.Type}', which cannot stand where the new code expects a '{TypeNames.Of(expected)}'");
        }
        if (heapObject.Lengths.Count > 0)
        {
            return Dimensions(id, type, heapObject);
        }
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return Delegate(id, type, heapObject);
        }
        if ((type.IsPrimitive || type.IsEnum || type == typeof(decimal)) && heapObject.Fields is [{ Name: CollectionShapes.BoxedValue } boxed])
        {
            return Read(boxed.Value, type)!;
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
                array.SetValue(Element(heapObject, i, elementType), i);
            }
            return array;
        }
        if (CollectionShapes.IsDictionary(type))
        {
            var arguments = type.GetGenericArguments();
            var dictionary = (IDictionary)New(type, heapObject);
            _made[id] = dictionary;
            var pairs = new List<(object Key, object? Value)>();
            for (var i = 0; i + 1 < heapObject.Elements.Count; i += 2)
            {
                pairs.Add((Element(heapObject, i, arguments[0])!, Element(heapObject, i + 1, arguments[1])));
            }
            var valueDefault = arguments[1].IsValueType ? Activator.CreateInstance(arguments[1]) : null;
            Fill(heapObject, arguments[0], pairs, p => dictionary.Add(p.Key, p.Value), key => dictionary.Add(key, valueDefault), dictionary.Remove);
            return dictionary;
        }
        if (CollectionShapes.IsLinkedList(type))
        {
            return LinkedList(id, type, heapObject);
        }
        if (CollectionShapes.IsSequence(type))
        {
            return Sequence(id, type, heapObject);
        }
        if (CollectionShapes.IsLinkedListNode(type))
        {
            // Detached: the list that links it, read before or after, adds this very node.
            var valueType = type.GetGenericArguments()[0];
            var value = heapObject.Fields.FirstOrDefault(f => f.Name == CollectionShapes.NodeValue) is { } slot ? Read(slot.Value, valueType) : null;
            var node = Activator.CreateInstance(type, value)!;
            _made[id] = node;
            return node;
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
            try
            {
                field.SetValue(instance, Read(slot.Value, field.FieldType)); // a boxed struct is set in its box
            }
            catch (StateCaptureException exception)
            {
                throw exception.Within($"'{CollectionShapes.NaturalName(slot.Name)}'");
            }
        }
        CollectionEnumerators.RepairOf(type)?.Apply(instance);
        return instance;
    }

    private object? Element(HeapObject heapObject, int index, Type type)
    {
        try
        {
            return Read(heapObject.ElementAt(index), type);
        }
        catch (StateCaptureException exception)
        {
            throw exception.Within($"[{index}]");
        }
    }

    /// <summary>A delegate to the method the snapshot names, on the object it names; or several combined.</summary>
    private Delegate Delegate(int id, Type type, HeapObject heapObject)
    {
        if (heapObject.ElementCount > 0)
        {
            var combined = System.Delegate.Combine([.. Enumerable.Range(0, heapObject.ElementCount).Select(i => (Delegate?)Element(heapObject, i, type))])!;
            _made[id] = combined;
            return combined;
        }
        var method = heapObject.Fields.FirstOrDefault(f => f.Name == DelegateShape.MethodSlot)?.Value is { Kind: StateValueKind.String } name
            ? DelegateShape.Find(name.AsString(), TypeNamed)
            : throw new StateCaptureException($"heap object #{id} is a delegate that names no method");
        var target = heapObject.Fields.FirstOrDefault(f => f.Name == DelegateShape.TargetSlot) is { } slot ? Read<object?>(slot.Value) : null;
        try
        {
            var called = System.Delegate.CreateDelegate(type, target, method);
            _made[id] = called;
            return called;
        }
        catch (ArgumentException exception)
        {
            throw new StateCaptureException($"heap object #{id}: a '{TypeNames.Of(type)}' cannot call '{method}' of the new code: {exception.Message}", exception);
        }
    }

    /// <summary>A new, empty collection, with the comparer the snapshot gives it if any.</summary>
    private object New(Type type, HeapObject heapObject)
    {
        if (heapObject.Fields.FirstOrDefault(f => f.Name == CollectionShapes.ComparerSlot) is not { } slot)
        {
            return Activator.CreateInstance(type)!;
        }
        var comparer = Read<object>(slot.Value);
        return Activator.CreateInstance(type, comparer)!;
    }

    /// <summary>A multi-dimensional array, from its lengths and its elements in row-major order.</summary>
    private Array Dimensions(int id, Type type, HeapObject heapObject)
    {
        var lengths = heapObject.Lengths.ToArray();
        if (!type.IsArray || type.GetArrayRank() != lengths.Length)
        {
            throw new StateCaptureException($"heap object #{id} is an array of {lengths.Length} dimensions, which cannot stand where the new code expects a '{TypeNames.Of(type)}'");
        }
        var elementType = type.GetElementType()!;
        var array = Array.CreateInstance(elementType, lengths);
        if (array.Length != heapObject.ElementCount)
        {
            throw new StateCaptureException($"heap object #{id} is a '{heapObject.Type}' of lengths {string.Join(" × ", lengths)}, but holds {heapObject.ElementCount} elements");
        }
        _made[id] = array;
        if (heapObject.Numbers is { } packed && packed.ArrayType.GetElementType() == elementType)
        {
            packed.CopyTo(array);
            return array;
        }
        var index = new int[lengths.Length];
        for (var i = 0; i < array.Length; i++)
        {
            array.SetValue(Element(heapObject, i, elementType), index);
            for (var dimension = lengths.Length - 1; dimension >= 0 && ++index[dimension] == lengths[dimension]; dimension--)
            {
                index[dimension] = 0;
            }
        }
        return array;
    }

    /// <summary>A linked list, linking the very nodes the snapshot's other references reach; a snapshot of version 2 or older holds its values instead.</summary>
    private object LinkedList(int id, Type type, HeapObject heapObject)
    {
        var valueType = type.GetGenericArguments()[0];
        var nodeType = typeof(LinkedListNode<>).MakeGenericType(valueType);
        var nodeName = TypeNames.Of(nodeType);
        var list = Activator.CreateInstance(type)!;
        _made[id] = list;
        var addNode = type.GetMethod("AddLast", [nodeType])!;
        var addValue = type.GetMethod("AddLast", [valueType])!;
        for (var i = 0; i < heapObject.ElementCount; i++)
        {
            var element = heapObject.ElementAt(i);
            var isNode = element.Kind == StateValueKind.Reference && _heap.TryGetValue(element.AsReference(), out var target) && target.Type == nodeName;
            (isNode ? addNode : addValue).Invoke(list, [Element(heapObject, i, isNode ? nodeType : valueType)]);
        }
        return list;
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
        var collection = New(type, heapObject);
        _made[id] = collection;
        var add = type.GetMethod("Add", [elementType]) ?? type.GetMethod("Enqueue", [elementType]) ?? type.GetMethod("Push", [elementType])!;
        var remove = type.GetMethod("Remove", [elementType]);
        var elements = items.Select(item => Read(item, elementType)).ToList();
        Fill(heapObject, elementType, elements, e => add.Invoke(collection, [e]), e => add.Invoke(collection, [e]), e => remove!.Invoke(collection, [e]));
        return collection;
    }

    /// <summary>
    /// Adds the elements in their order; for a dictionary or set that had freed places, first puts
    /// made-up keys in those places and then removes them in the order that leaves its free list as it
    /// was, so that it refills them as the original would have.
    /// </summary>
    private static void Fill<T>(HeapObject heapObject, Type keyType, IReadOnlyList<T> elements, Action<T> add, Action<object> addPlaceholder, Action<object> remove)
    {
        if (heapObject.Fields.FirstOrDefault(f => f.Name == FreedPlaces.Slot) is not { } slot)
        {
            foreach (var element in elements)
            {
                add(element);
            }
            return;
        }
        var freed = slot.Value.AsList().Select(v => checked((int)v.AsInteger())).ToList();
        var keys = elements.Select(e => e is ValueTuple<object, object?> pair ? pair.Item1 : (object?)e);
        var placeholders = (FreedPlaces.Placeholders(keyType, keys)
            ?? throw new StateCaptureException($"heap object #{heapObject.Id} has freed places, which keys of '{TypeNames.Of(keyType)}' cannot stand in"))
            .Take(freed.Count).ToList();
        var standIns = freed.Zip(placeholders).ToDictionary(p => p.First, p => p.Second);
        var next = 0;
        for (var place = 0; place < elements.Count + freed.Count; place++)
        {
            if (standIns.TryGetValue(place, out var placeholder))
            {
                addPlaceholder(placeholder);
            }
            else if (next < elements.Count)
            {
                add(elements[next++]);
            }
        }
        // Removed last, the head of the free list is the first place refilled.
        for (var i = freed.Count - 1; i >= 0; i--)
        {
            remove(standIns[freed[i]]);
        }
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
            try
            {
                field.SetValue(instance, Read(slot.Value, field.FieldType));
            }
            catch (StateCaptureException exception)
            {
                throw exception.Within($"field '{CollectionShapes.NaturalName(slot.Name)}'");
            }
        }
    }
}
