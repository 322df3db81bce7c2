using System.Reflection;
using System.Runtime.CompilerServices;

namespace Midflight.State.Graph;

/// <summary>
/// Enumerators of the collections a snapshot writes by their contents: those of a list, queue or
/// stack hold a count of elements, which holds in the rebuilt collection once their version check is
/// made its own; the others hold a place in a private table, and are refused.
/// </summary>
public static class CollectionEnumerators
{
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
    /// For an enumerator of a dictionary (or of its keys or values) or of a hash set: how many of the
    /// collection's live entries come before the place it will move on from, which is how many to skip
    /// when the collection is enumerated again to resume — exact even if entries were removed during the
    /// loop, which .NET allows for a dictionary, since the freed places are carried too. Null for any
    /// other enumerator, whose count of elements taken is its place.
    /// </summary>
    public static int? LiveBefore(object? enumerator)
    {
        if (enumerator is null || !enumerator.GetType().IsValueType)
        {
            return null;
        }
        const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
        var type = enumerator.GetType();
        if (type.GetField("_index", Private) is not { } index
            || type.GetFields(Private).FirstOrDefault(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() is var d && (d == typeof(Dictionary<,>) || d == typeof(HashSet<>))) is not { } owner
            || owner.GetValue(enumerator) is not { } collection
            || collection.GetType().GetField("_entries", Private) is not { } entriesField
            || entriesField.GetValue(collection) is not Array entries
            || entries.GetType().GetElementType()!.GetField("next", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.IgnoreCase) is not { } next)
        {
            return null;
        }
        var live = 0;
        var end = Math.Min((int)index.GetValue(enumerator)!, entries.Length);
        for (var place = 0; place < end; place++)
        {
            // A freed entry's next is StartOfFreeList (-3) or below; a live one's is -1 or more.
            if ((int)next.GetValue(entries.GetValue(place))! >= -1)
            {
                live++;
            }
        }
        return live;
    }
}
