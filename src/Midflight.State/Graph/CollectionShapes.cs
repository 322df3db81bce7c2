using System.Reflection;
using System.Runtime.CompilerServices;

namespace Midflight.State.Graph;

/// <summary>Which types a snapshot writes by their contents, and which fields it writes of the others.</summary>
internal static class CollectionShapes
{
    // Weak keys: a module's types come from a collectible load context, and a cache must not keep it loaded.
    private static readonly ConditionalWeakTable<Type, (string Name, FieldInfo Field)[]> Fields = new();
    private static readonly ConditionalWeakTable<Type, Dictionary<string, FieldInfo>> FieldsByName = new();
    private static readonly ConditionalWeakTable<Type, Dictionary<string, FieldInfo>> FieldsByNatural = new();

    public static bool IsDictionary(Type type) =>
        type.IsConstructedGenericType && type.GetGenericTypeDefinition() is var d
        && (d == typeof(Dictionary<,>) || d == typeof(SortedDictionary<,>));

    public static bool IsSequence(Type type) =>
        type.IsConstructedGenericType && type.GetGenericTypeDefinition() is var d
        && (d == typeof(List<>) || d == typeof(HashSet<>) || d == typeof(Queue<>) || d == typeof(Stack<>)
            || d == typeof(LinkedList<>) || d == typeof(SortedSet<>));

    /// <summary>The slot in which a boxed scalar keeps its value (see <see cref="IsBoxedScalar"/>).</summary>
    public const string BoxedValue = "<value>";

    /// <summary>
    /// Whether a scalar of <paramref name="actual"/> type, where code declares a <paramref name="declared"/>
    /// (an object, an interface, an enum's base), must be written with its type: a snapshot's integers
    /// read back as longs and its floating-point numbers as doubles where nothing says otherwise.
    /// </summary>
    public static bool IsBoxedScalar(Type actual, Type declared) =>
        actual != declared && Nullable.GetUnderlyingType(declared) != actual
        && (actual.IsPrimitive || actual.IsEnum || actual == typeof(decimal))
        && actual != typeof(long) && actual != typeof(double) && actual != typeof(bool);

    /// <summary>
    /// The types a collection's elements are declared with, in the order they repeat: an array's or a
    /// list's one, a dictionary's key and value (its elements are its pairs, flattened).
    /// </summary>
    public static Type[] ElementTypes(Type collection) =>
        collection.IsArray ? [collection.GetElementType()!]
        : IsDictionary(collection) ? collection.GetGenericArguments()
        : IsLinkedList(collection) ? [typeof(LinkedListNode<>).MakeGenericType(collection.GetGenericArguments())]
        : collection.IsConstructedGenericType && (IsSequence(collection)) ? [collection.GetGenericArguments()[0]]
        : [collection]; // a delegate's parts are delegates of its own type

    public static bool IsLinkedList(Type type) => type.IsConstructedGenericType && type.GetGenericTypeDefinition() == typeof(LinkedList<>);

    public static bool IsLinkedListNode(Type type) => type.IsConstructedGenericType && type.GetGenericTypeDefinition() == typeof(LinkedListNode<>);

    /// <summary>The slot in which a linked list's node keeps its value: all a node is, apart from the list that links it.</summary>
    public const string NodeValue = "Value";

    /// <summary>The slot in which a collection written by its contents keeps a comparer that is not the default one.</summary>
    public const string ComparerSlot = "<comparer>";

    private static readonly ConditionalWeakTable<Type, object> DefaultComparers = new();

    /// <summary>The comparer of a dictionary or set, or null where it is the default for its element type.</summary>
    public static object? ComparerOf(object collection, Type type)
    {
        if (type.GetProperty("Comparer") is not { } property)
        {
            return null;
        }
        var comparer = property.GetValue(collection);
        var standard = DefaultComparers.GetValue(type, static type =>
        {
            var key = type.GetGenericArguments()[0];
            var ordered = type.GetGenericTypeDefinition() is var d && (d == typeof(SortedSet<>) || d == typeof(SortedDictionary<,>));
            return (ordered ? typeof(Comparer<>) : typeof(EqualityComparer<>)).MakeGenericType(key).GetProperty("Default")!.GetValue(null)!;
        });
        return ReferenceEquals(comparer, standard) ? null : comparer;
    }

    /// <summary>
    /// The instance fields of <paramref name="type"/> and its bases, base first, each with the name
    /// its slot has in a snapshot: its own, or, where a derived class declares a field of the same
    /// name, <c>Base::name</c> for the base's. Without those <paramref name="stopAt"/> declares or inherits.
    /// </summary>
    public static IEnumerable<(string Name, FieldInfo Field)> FieldsOf(Type type, Type? stopAt = null)
    {
        var all = Fields.GetValue(type, static type =>
        {
            var chain = new Stack<Type>();
            for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
            {
                chain.Push(current);
            }
            var fields = chain.SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)).ToList();
            return [.. fields.Select(f => (fields.Any(g => g.Name == f.Name && g.DeclaringType!.IsSubclassOf(f.DeclaringType!)) ? f.DeclaringType!.Name + "::" + f.Name : f.Name, f))];
        });
        return stopAt is null ? all : all.Where(f => !f.Field.DeclaringType!.IsAssignableFrom(stopAt));
    }

    /// <summary>
    /// A field's name as its source writes it: an auto-property's backing field
    /// (<c>&lt;Balance&gt;k__BackingField</c>) by its property's name, so that a record and a class
    /// with plain fields have the same shape.
    /// </summary>
    public static string NaturalName(string slotName) =>
        slotName.StartsWith('<') && slotName.EndsWith(">k__BackingField", StringComparison.Ordinal) ? slotName[1..slotName.IndexOf('>', StringComparison.Ordinal)] : slotName;

    /// <summary>The fields of <paramref name="type"/> by their natural names, for a reader matching fields by shape.</summary>
    public static Dictionary<string, FieldInfo> FieldsByNaturalName(Type type) =>
        FieldsByNatural.GetValue(type, static type => FieldsOf(type).GroupBy(f => NaturalName(f.Name)).ToDictionary(g => g.Key, g => g.Last().Field, StringComparer.Ordinal));

    /// <summary>The fields of <paramref name="type"/> by their slot names, for a reader setting them.</summary>
    public static Dictionary<string, FieldInfo> FieldsNamed(Type type) =>
        FieldsByName.GetValue(type, static type => FieldsOf(type).ToDictionary(f => f.Name, f => f.Field, StringComparer.Ordinal));
}
