using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Midflight.State.Graph;

/// <summary>
/// Names CLR types in snapshots the way C# writes them, without assembly names
/// (<c>System.Collections.Generic.List&lt;Shop.Order&gt;</c>, <c>System.Int32[]</c>), so that a
/// snapshot taken by one version of a module can be read by the next, whose assembly differs; and
/// finds a type again by that name among the assemblies a reader is given.
/// </summary>
public static partial class TypeNames
{
    // Type names are asked for on every captured variable: cache them. Types from collectible load
    // contexts are held weakly by ConditionalWeakTable, so the cache never keeps a module's code alive.
    private static readonly ConditionalWeakTable<Type, string> Names = new();

    public static string Of(Type type) => Names.GetValue(type, static t => Build(t));

    private static string Build(Type type)
    {
        if (type.IsArray)
        {
            return type.GetArrayRank() == 1
                ? Of(type.GetElementType()!) + "[]"
                : throw new StateCaptureException($"'{type}' is a multi-dimensional array, which snapshots do not carry; use an array of arrays");
        }
        var definition = type.IsConstructedGenericType ? type.GetGenericTypeDefinition() : type;
        var name = new StringBuilder(Arity().Replace(definition.FullName ?? definition.Name, ""));
        if (type.IsConstructedGenericType)
        {
            name.Append('<').AppendJoin(", ", type.GetGenericArguments().Select(Of)).Append('>');
        }
        return name.ToString();
    }

    [GeneratedRegex("`[0-9]+")]
    private static partial Regex Arity();

    /// <summary>The type named <paramref name="name"/> in one of <paramref name="assemblies"/> (searched in order), or null.</summary>
    public static Type? Resolve(string name, IReadOnlyList<Assembly> assemblies)
    {
        var position = 0;
        var type = Parse(name, ref position, assemblies);
        return position == name.Length ? type : null;
    }

    private static Type? Parse(string text, ref int position, IReadOnlyList<Assembly> assemblies)
    {
        var start = position;
        while (position < text.Length && text[position] is not ('<' or '>' or ',' or '['))
        {
            position++;
        }
        var simple = text[start..position].Trim();
        var arguments = new List<Type>();
        if (position < text.Length && text[position] == '<')
        {
            do
            {
                position++;
                if (Parse(text, ref position, assemblies) is not { } argument)
                {
                    return null;
                }
                arguments.Add(argument);
            }
            while (position < text.Length && text[position] == ',');
            if (position >= text.Length || text[position] != '>')
            {
                return null;
            }
            position++;
        }
        var type = Find(simple, arguments.Count, assemblies);
        if (type is not null && arguments.Count > 0)
        {
            type = type.MakeGenericType([.. arguments]);
        }
        while (type is not null && position + 1 < text.Length && text[position] == '[' && text[position + 1] == ']')
        {
            type = type.MakeArrayType();
            position += 2;
        }
        return type;
    }

    private static Type? Find(string name, int arity, IReadOnlyList<Assembly> assemblies)
    {
        // A nested type is Outer+Inner; its generic arity is that of the whole name, put on the last part.
        var metadataName = arity == 0 ? name : name + "`" + arity;
        foreach (var assembly in assemblies)
        {
            if (assembly.GetType(metadataName, throwOnError: false) is { } type)
            {
                return type;
            }
        }
        return null;
    }
}
