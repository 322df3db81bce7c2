using System.Reflection;

namespace Midflight.State.Graph;

/// <summary>
/// Compares what a snapshot of one version of a type holds with what another version can read, by
/// the rules <see cref="ObjectGraphWriter"/> and <see cref="ObjectGraphReader"/> follow: the
/// consistency check of an update, made on the types before any module stops.
/// </summary>
public static class StateShape
{
    /// <summary>The fields a snapshot holds for an object of <paramref name="type"/>, by slot name, without those <paramref name="stopAt"/> declares or inherits.</summary>
    public static IEnumerable<(string Name, FieldInfo Field)> FieldsOf(Type type, Type? stopAt = null) => CollectionShapes.FieldsOf(type, stopAt);

    /// <summary>
    /// Why a value written as <paramref name="old"/> cannot be read as <paramref name="new"/>, or null
    /// if it can: the types must have the same name, and a type of the module's own (one that is not
    /// .NET's) must declare every field the old one had, each of the same shape in turn.
    /// </summary>
    public static string? Difference(Type old, Type @new)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        return Difference(old, @new, []);
    }

    private static string? Difference(Type old, Type @new, HashSet<(Type, Type)> compared)
    {
        var name = TypeNames.Of(old);
        if (name != TypeNames.Of(@new))
        {
            return $"it was a '{name}' and is a '{TypeNames.Of(@new)}'";
        }
        if (!compared.Add((old, @new)))
        {
            return null;
        }
        if (old.IsArray)
        {
            return Difference(old.GetElementType()!, @new.GetElementType()!, compared);
        }
        if (old.IsConstructedGenericType)
        {
            var arguments = old.GetGenericArguments().Zip(@new.GetGenericArguments());
            foreach (var (oldArgument, newArgument) in arguments)
            {
                if (Difference(oldArgument, newArgument, compared) is { } inner)
                {
                    return inner;
                }
            }
            if (CollectionShapes.IsDictionary(old) || CollectionShapes.IsSequence(old))
            {
                return null;
            }
        }
        // .NET's own types are the same in both versions: only the module's types can change shape.
        if (old.Assembly == typeof(object).Assembly || old.IsPrimitive || old.IsEnum || old == typeof(string))
        {
            return null;
        }
        var newFields = CollectionShapes.FieldsNamed(@new);
        foreach (var (field, info) in CollectionShapes.FieldsOf(old))
        {
            if (!newFields.TryGetValue(field, out var now))
            {
                return $"its '{name}' has field '{CollectionShapes.NaturalName(field)}', which the new version's does not";
            }
            if (Difference(info.FieldType, now.FieldType, compared) is { } inner)
            {
                return $"its '{name}' field '{CollectionShapes.NaturalName(field)}': {inner}";
            }
        }
        return null;
    }
}
