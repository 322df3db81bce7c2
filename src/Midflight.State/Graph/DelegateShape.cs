using System.Reflection;

namespace Midflight.State.Graph;

/// <summary>
/// How a snapshot holds a delegate: the method it calls, by its declaring type, name and parameter
/// types, and the object it calls it on — a lambda's closure, a comparer, the module — as any other
/// object of the graph. A delegate that combines several is written as the list of them. The code
/// must be the same on both sides, or at least have the method: a lambda's compiler-given name
/// (<c>&lt;Run&gt;b__0_0</c>) holds only as long as the code around it does not change.
/// </summary>
internal static class DelegateShape
{
    /// <summary>The slot that names the method.</summary>
    public const string MethodSlot = "<method>";

    /// <summary>The slot that holds the object the method is called on, or null for a static method.</summary>
    public const string TargetSlot = "<target>";

    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary><c>Declaring.Type::Name(Parameter, Types)</c>, with <c>&lt;Type, Arguments&gt;</c> after the name for a generic method.</summary>
    public static string NameOf(MethodInfo method)
    {
        var declaring = method.DeclaringType
            ?? throw new StateCaptureException($"a delegate to '{method.Name}', a method of no type, cannot be put in a snapshot");
        var arguments = method.IsGenericMethod ? "<" + string.Join(", ", method.GetGenericArguments().Select(TypeNames.Of)) + ">" : "";
        return $"{TypeNames.Of(declaring)}::{method.Name}{arguments}({string.Join(", ", method.GetParameters().Select(p => ParameterName(p.ParameterType)))})";
    }

    private static string ParameterName(Type type) => type.IsByRef ? TypeNames.Of(type.GetElementType()!) + "&" : TypeNames.Of(type);

    /// <summary>The method <paramref name="name"/> (as <see cref="NameOf"/> writes it) names, in the reading code.</summary>
    /// <exception cref="StateCaptureException">The reading code has no such method.</exception>
    public static MethodInfo Find(string name, Func<string, Type?> typeNamed)
    {
        var separator = name.IndexOf("::", StringComparison.Ordinal);
        if (separator < 0)
        {
            throw new StateCaptureException($"'{name}' names no method");
        }
        var declaring = typeNamed(name[..separator])
            ?? throw new StateCaptureException($"a delegate calls a method of '{name[..separator]}', a type the new code does not have");
        var method = name[(separator + 2)..];
        foreach (var candidate in declaring.GetMethods(Declared).Where(m => method.StartsWith(m.Name, StringComparison.Ordinal)))
        {
            var closed = candidate;
            var rest = method[candidate.Name.Length..];
            if (candidate.IsGenericMethodDefinition != rest.StartsWith('<'))
            {
                continue;
            }
            if (candidate.IsGenericMethodDefinition)
            {
                var arguments = SplitArguments(rest[1..rest.LastIndexOf(">(", StringComparison.Ordinal)]).Select(typeNamed).ToArray();
                if (arguments.Length != candidate.GetGenericArguments().Length || arguments.Any(a => a is null))
                {
                    continue;
                }
                closed = candidate.MakeGenericMethod(arguments!);
            }
            if (NameOf(closed) == name)
            {
                return closed;
            }
        }
        throw new StateCaptureException($"a delegate calls '{method}' of '{name[..separator]}', which the new code's type does not have");
    }

    // "A<B, C>, D" → ["A<B, C>", "D"]: commas inside angle brackets belong to the argument.
    private static IEnumerable<string> SplitArguments(string list)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            switch (list[i])
            {
                case '\\':
                    i++;
                    break;
                case '<':
                    depth++;
                    break;
                case '>':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return list[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }
        yield return list[start..].Trim();
    }
}
