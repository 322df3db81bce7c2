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
