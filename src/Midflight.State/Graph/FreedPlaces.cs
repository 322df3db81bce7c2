using System.Reflection;
using System.Runtime.CompilerServices;

namespace Midflight.State.Graph;

/// <summary>
/// The freed places of a dictionary or hash set from which entries were removed, which decide where
/// its next entries go, and so the order it enumerates them in: written beside its contents, and
/// rebuilt with made-up keys that stand in the freed places until they are removed again.
/// </summary>
internal static class FreedPlaces
{
    /// <summary>
    /// The slot in which a dictionary or hash set from which entries were removed keeps the places of
    /// its freed entries, in the order it will fill them again (see <see cref="Of"/>).
    /// </summary>
    public const string Slot = "<freed>";

    private static readonly ConditionalWeakTable<Type, StrongBox<(FieldInfo Entries, FieldInfo Count, FieldInfo FreeList, FieldInfo FreeCount, FieldInfo Next)?>> Tables = new();

    /// <summary>
    /// The places of a dictionary's or hash set's freed entries among all it has used, in the order it
    /// will use them again: the head of its free list first. A dictionary enumerates its entries in the
    /// order of their places and puts a new one in the first freed place, so a copy that has no freed
    /// places would enumerate differently once entries are added to it. Null when nothing is freed.
    /// </summary>
    /// <exception cref="StateCaptureException">Entries were freed, and this .NET lays the table out otherwise than Midflight knows.</exception>
    public static int[]? Of(object collection, Type type)
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
}
