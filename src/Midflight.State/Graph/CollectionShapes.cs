using System.Reflection;
using System.Runtime.CompilerServices;

namespace Midflight.State.Graph;

/// <summary>Which types a snapshot writes by their contents, and which fields it writes of the others.</summary>
internal static class CollectionShapes
{
    // Weak keys: a module's types come from a collectible load context, and a cache must not keep it loaded.
    private static readonly ConditionalWeakTable<Type, FieldInfo[]> Fields = new();

    public static bool IsDictionary(Type type) =>
        type.IsConstructedGenericType && type.GetGenericTypeDefinition() is var d
        && (d == typeof(Dictionary<,>) || d == typeof(SortedDictionary<,>));

    public static bool IsSequence(Type type) =>
        type.IsConstructedGenericType && type.GetGenericTypeDefinition() is var d
        && (d == typeof(List<>) || d == typeof(HashSet<>) || d == typeof(Queue<>) || d == typeof(Stack<>)
            || d == typeof(LinkedList<>) || d == typeof(SortedSet<>));

    /// <summary>The instance fields of <paramref name="type"/> and its bases, base first; without those <paramref name="stopAt"/> declares or inherits.</summary>
    public static IEnumerable<FieldInfo> FieldsOf(Type type, Type? stopAt = null)
    {
        var all = Fields.GetValue(type, static type =>
        {
            var chain = new Stack<Type>();
            for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
            {
                chain.Push(current);
            }
            return [.. chain.SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))];
        });
        return stopAt is null ? all : all.Where(f => !f.DeclaringType!.IsAssignableFrom(stopAt));
    }
}
