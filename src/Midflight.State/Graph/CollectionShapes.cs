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

    /// <summary>
    /// The slot in which a dictionary or hash set from which entries were removed keeps the places of
    /// its freed entries, in the order it will fill them again (see <see cref="FreedPlaces"/>).
    /// </summary>
    public const string FreedSlot = "<freed>";

    private static readonly ConditionalWeakTable<Type, StrongBox<(FieldInfo Entries, FieldInfo Count, FieldInfo FreeList, FieldInfo FreeCount, FieldInfo Next)?>> Tables = new();

    /// <summary>
    /// The places of a dictionary's or hash set's freed entries among all it has used, in the order it
    /// will use them again: the head of its free list first. A dictionary enumerates its entries in the
    /// order of their places and puts a new one in the first freed place, so a copy that has no freed
    /// places would enumerate differently once entries are added to it. Null when nothing is freed.
    /// </summary>
    /// <exception cref="StateCaptureException">Entries were freed, and this .NET lays the table out otherwise than Midflight knows.</exception>
    public static int[]? FreedPlaces(object collection, Type type)
    {
        var definition = type.GetGenericTypeDefinition();
        if (definition != typeof(Dictionary<,>) && definition != typeof(HashSet<>))
        {
            return null;
        }
        var table = Tables.GetValue(type, static type => new(TableOf(type))).Value
            ?? throw new StateCaptureException($"this .NET lays out a '{TypeNames.Of(type)}' otherwise than Midflight knows, so the order it refills freed entries in cannot be carried");
        if ((int)table.FreeCount.GetValue(collection)! == 0)
        {
            return null;
        }
        var entries = (Array)table.Entries.GetValue(collection)!;
        var freed = new List<int>();
        // A freed entry's next field holds StartOfFreeList (-3) minus the index of the next freed one.
        for (var place = (int)table.FreeList.GetValue(collection)!; place >= 0; place = -3 - (int)table.Next.GetValue(entries.GetValue(place))!)
        {
            freed.Add(place);
        }
        return [.. freed];
    }

    private static (FieldInfo, FieldInfo, FieldInfo, FieldInfo, FieldInfo)? TableOf(Type type)
    {
        const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
        var entries = type.GetField("_entries", Private);
        var next = entries?.FieldType.GetElementType()?.GetField("next", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.IgnoreCase);
        return entries is null || next is null || type.GetField("_count", Private) is not { } count || type.GetField("_freeList", Private) is not { } freeList
            || type.GetField("_freeCount", Private) is not { } freeCount
            ? null
            : (entries, count, freeList, freeCount, next);
    }

    /// <summary>
    /// Keys of <paramref name="type"/> that none of <paramref name="taken"/> equals, to stand in the
    /// freed places of a rebuilt dictionary or set until they are removed again; null for a type whose
    /// values cannot be made up (a record, a class).
    /// </summary>
    public static IEnumerable<object>? Placeholders(Type type, IEnumerable<object?> taken)
    {
        var used = new HashSet<object?>(taken);
        IEnumerable<object>? candidates = type switch
        {
            _ when type == typeof(int) => Numbers().Select(n => (object)(int)n),
            _ when type == typeof(long) => Numbers().Select(n => (object)n),
            _ when type == typeof(short) => Numbers().Select(n => (object)(short)n),
            _ when type == typeof(uint) => Numbers().Select(n => (object)(uint)n),
            _ when type == typeof(ulong) => Numbers().Select(n => (object)(ulong)n),
            _ when type == typeof(char) => Numbers().Select(n => (object)(char)(0xFFFF - n)),
            _ when type == typeof(string) => Numbers().Select(n => (object)$"\u0000midflight {n}"),
            _ when type == typeof(Guid) => Numbers().Select(n => (object)new Guid((int)n, (short)0x6d66, (short)0, new byte[8])),
            _ when type.IsEnum => Numbers().Select(n => Enum.ToObject(type, long.MinValue + n)),
            _ when Nullable.GetUnderlyingType(type) is { } underlying => Placeholders(underlying, []), // boxed, a T? is its T
            _ when type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal)
                && type.GetGenericArguments() is var parts && Placeholders(parts[0], []) is { } first =>
                first.Select(f => Activator.CreateInstance(type, [f, .. parts.Skip(1).Select(p => p.IsValueType ? Activator.CreateInstance(p) : null)])!),
            _ => null,
        };
        return candidates?.Where(c => !used.Contains(c));

        static IEnumerable<long> Numbers()
        {
            for (long n = 0; ; n++)
            {
                yield return n;
            }
        }
    }

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

    // Collections written by their contents: an enumerator of one holds a place in its private layout.
    private static readonly Type[] ByContents =
        [typeof(List<>), typeof(Dictionary<,>), typeof(SortedDictionary<,>), typeof(HashSet<>), typeof(Queue<>), typeof(Stack<>), typeof(LinkedList<>), typeof(SortedSet<>)];

    private static readonly ConditionalWeakTable<Type, StrongBox<VersionRepair?>> Repairs = new();

    /// <summary>
    /// How an enumerator of a list, queue or stack is made to work with the collection read with it:
    /// its place is a count of elements, which holds in the rebuilt collection, but the version it checks
    /// against the collection's must become the rebuilt collection's own.
    /// </summary>
    public sealed record VersionRepair(FieldInfo Collection, FieldInfo Version, FieldInfo CollectionVersion)
    {
        public void Apply(object enumerator)
        {
            if (Collection.GetValue(enumerator) is { } collection)
            {
                Version.SetValue(enumerator, CollectionVersion.GetValue(collection));
            }
        }
    }

    /// <summary>The repair an enumerator of <paramref name="type"/> needs when read, or null if it is no enumerator of a list, queue or stack.</summary>
    public static VersionRepair? RepairOf(Type type)
    {
        if (!type.IsNested || !type.IsValueType || type.DeclaringType is not { IsGenericType: true } outer
            || outer.GetGenericTypeDefinition() is var d && d != typeof(List<>) && d != typeof(Queue<>) && d != typeof(Stack<>))
        {
            return null;
        }
        return Repairs.GetValue(type, static type => new(Find(type))).Value;

        static VersionRepair? Find(Type type)
        {
            const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
            var collection = type.GetFields(Private).FirstOrDefault(f => f.FieldType.IsGenericType && Array.IndexOf(ByContents, f.FieldType.GetGenericTypeDefinition()) >= 0);
            var version = type.GetField("_version", Private);
            var collectionVersion = collection?.FieldType.GetField("_version", Private);
            return collection is null || version is null || collectionVersion is null ? null : new VersionRepair(collection, version, collectionVersion);
        }
    }

    /// <summary>
    /// For an enumerator of a collection written by its contents, whose place in that collection a
    /// snapshot cannot carry — a dictionary's or a set's points into its private table of entries —
    /// that collection's type; null for any other type.
    /// </summary>
    public static Type? TiedEnumerator(Type type)
    {
        if (!type.IsNested || !type.Name.Contains("Enumerator", StringComparison.Ordinal))
        {
            return null;
        }
        for (var outer = type.DeclaringType; outer is not null; outer = outer.DeclaringType)
        {
            if (outer.IsGenericType && Array.IndexOf(ByContents, outer.GetGenericTypeDefinition()) >= 0)
            {
                return RepairOf(type) is null ? outer : null;
            }
        }
        return null;
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
