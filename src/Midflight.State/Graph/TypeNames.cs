using System.Runtime.CompilerServices;
using System.Text;

namespace Midflight.State.Graph;

/// <summary>
/// Names CLR types in snapshots the way C# writes them, without assembly names
/// (<c>System.Collections.Generic.List&lt;Shop.Order&gt;</c>, <c>System.Int32[]</c>, <c>System.Boolean[,]</c>),
/// so that a snapshot taken by one version of a module can be read by the next, whose assembly
/// differs; and finds a type again by that name among the assemblies a reader is given.
/// </summary>
/// <remarks>
/// A nested type is <c>Outer+Inner</c>. The characters the grammar uses (<c>&lt; &gt; , [ ] \</c>) are
/// escaped with a backslash where a name itself has them, as the compiler's own names do
/// (<c>Shop.Tree+\&lt;Walk\&gt;d__3</c> for an iterator's state).
/// </remarks>
public static class TypeNames
{
    // Type names are asked for on every captured variable: cache them. Types from collectible load
    // contexts are held weakly by ConditionalWeakTable, so the cache never keeps a module's code alive.
    private static readonly ConditionalWeakTable<Type, string> Names = new();

    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Names.GetValue(type, static t => Build(t));
    }

    private static string Build(Type type)
    {
        if (type.IsArray)
        {
            return type.IsSZArray
                ? Of(type.GetElementType()!) + "[]"
                : type.GetArrayRank() > 1
                    ? Of(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]"
                    : throw new StateCaptureException($"'{type}' is an array whose index does not start at zero, which snapshots do not carry");
        }
        if (type.IsPointer || type.IsByRef || type.IsGenericParameter)
        {
            throw new StateCaptureException($"'{type}' names no value a snapshot can hold");
        }
        var definition = type.IsConstructedGenericType ? type.GetGenericTypeDefinition() : type;
        var name = new StringBuilder();
        AppendEscaped(name, WithoutArity(definition.FullName ?? definition.Name));
        if (type.IsConstructedGenericType)
        {
            name.Append('<').AppendJoin(", ", type.GetGenericArguments().Select(Of)).Append('>');
        }
        return name.ToString();
    }

    // `List`1+Enumerator` → `List+Enumerator`: the arity is given by the arguments that follow.
    private static string WithoutArity(string metadataName)
    {
        var name = new StringBuilder(metadataName.Length);
        for (var i = 0; i < metadataName.Length; i++)
        {
            if (metadataName[i] == '`')
            {
                while (i + 1 < metadataName.Length && char.IsAsciiDigit(metadataName[i + 1]))
                {
                    i++;
                }
                continue;
            }
            name.Append(metadataName[i]);
        }
        return name.ToString();
    }

    private static void AppendEscaped(StringBuilder name, string text)
    {
        foreach (var character in text)
        {
            if (character is '<' or '>' or ',' or '[' or ']' or '\\')
            {
                name.Append('\\');
            }
            name.Append(character);
        }
    }

    /// <summary>The type named <paramref name="name"/> in one of <paramref name="assemblies"/> (searched in order), or null.</summary>
    public static Type? Resolve(string name, IReadOnlyList<System.Reflection.Assembly> assemblies) => Resolve(name, new TypeScope(assemblies));

    /// <summary>The type named <paramref name="name"/> in <paramref name="scope"/>, or null.</summary>
    public static Type? Resolve(string name, TypeScope scope)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(scope);
        var position = 0;
        var type = Parse(name, ref position, scope);
        return position == name.Length ? type : null;
    }

    private static Type? Parse(string text, ref int position, TypeScope scope)
    {
        var simple = new StringBuilder();
        while (position < text.Length && text[position] is not ('<' or '>' or ',' or '['))
        {
            if (text[position] == '\\' && position + 1 < text.Length)
            {
                position++;
            }
            simple.Append(text[position++]);
        }
        var arguments = new List<Type>();
        if (position < text.Length && text[position] == '<')
        {
            do
            {
                position++;
                while (position < text.Length && text[position] == ' ')
                {
                    position++;
                }
                if (Parse(text, ref position, scope) is not { } argument)
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
        var type = scope.Find(simple.ToString().Trim(), arguments.Count);
        if (type is not null && arguments.Count > 0)
        {
            type = type.MakeGenericType([.. arguments]);
        }
        while (type is not null && position < text.Length && text[position] == '[')
        {
            var rank = 1;
            var close = position + 1;
            while (close < text.Length && text[close] == ',')
            {
                rank++;
                close++;
            }
            if (close >= text.Length || text[close] != ']')
            {
                return null;
            }
            type = rank == 1 ? type.MakeArrayType() : type.MakeArrayType(rank);
            position = close + 1;
        }
        return type;
    }
}
