using System.Reflection;
using System.Runtime.Loader;

namespace Midflight.State.Graph;

/// <summary>
/// Where a snapshot's type names are looked up: the assemblies given — the reading module's own
/// first — then .NET's core library, then everything those assemblies reference, transitively, loaded
/// through their own load context. A module's state may hold a type from any library it references
/// (a <c>BigInteger</c>, a node class of a graph library), and the module's load context is what
/// knows which version of that library the module runs with.
/// </summary>
/// <remarks>
/// References are followed only when a name is not found among the assemblies searched so far, so a
/// snapshot of the module's own types and .NET's collections loads nothing. Not thread-safe: one scope
/// serves one reader.
/// </remarks>
public sealed class TypeScope
{
    private readonly List<Assembly> _searched = [];
    private readonly Queue<Assembly> _unexpanded = new();
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string, int), Type?> _found = [];

    public TypeScope(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        foreach (var assembly in assemblies.Append(typeof(object).Assembly).Append(typeof(Queue<>).Assembly))
        {
            Add(assembly);
        }
    }

    private void Add(Assembly assembly)
    {
        if (_seen.Add(assembly.GetName().Name ?? assembly.FullName!))
        {
            _searched.Add(assembly);
            _unexpanded.Enqueue(assembly);
        }
    }

    /// <summary>The type of <paramref name="name"/> (<c>Outer+Inner</c>, without arity) and <paramref name="arity"/> generic parameters in all, or null.</summary>
    public Type? Find(string name, int arity)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_found.TryGetValue((name, arity), out var known))
        {
            return known;
        }
        var parts = name.Split('+');
        var searched = 0;
        Type? type = null;
        while (type is null)
        {
            for (; searched < _searched.Count && type is null; searched++)
            {
                type = Nested(_searched[searched], null, parts, 0, arity);
            }
            if (type is null && !ExpandOne())
            {
                break;
            }
        }
        _found[(name, arity)] = type;
        return type;
    }

    /// <summary>Adds the assemblies one more searched assembly references; false when there are none left to follow.</summary>
    private bool ExpandOne()
    {
        while (_unexpanded.TryDequeue(out var assembly))
        {
            var before = _searched.Count;
            var context = AssemblyLoadContext.GetLoadContext(assembly) ?? AssemblyLoadContext.Default;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || _seen.Contains(reference.Name))
                {
                    continue;
                }
                try
                {
                    Add(context.LoadFromAssemblyName(reference));
                }
                catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // A reference the module never loads at run time (a design-time assembly, say) holds none of its state.
                    _seen.Add(reference.Name);
                }
            }
            if (_searched.Count > before)
            {
                return true;
            }
        }
        return false;
    }

    // The arity of a nested type's name is spread over its parts in metadata (List`1+Enumerator):
    // each part but the last takes some of it, the last the rest.
    private static Type? Nested(Assembly assembly, Type? outer, string[] parts, int index, int arity)
    {
        var last = index == parts.Length - 1;
        for (var own = last ? arity : 0; own <= arity; own++)
        {
            var metadataName = own == 0 ? parts[index] : parts[index] + "`" + own;
            var type = outer is null
                ? assembly.GetType(metadataName, throwOnError: false)
                : outer.GetNestedType(metadataName, BindingFlags.Public | BindingFlags.NonPublic);
            if (type is null)
            {
                continue;
            }
            if (last)
            {
                return type;
            }
            if (Nested(assembly, type, parts, index + 1, arity - own) is { } inner)
            {
                return inner;
            }
        }
        return null;
    }
}
