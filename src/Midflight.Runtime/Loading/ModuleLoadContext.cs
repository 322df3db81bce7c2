using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Midflight.Runtime.Signing;

namespace Midflight.Runtime.Loading;

/// <summary>
/// The collectible load context of one version of one module's code. The module's own dependencies
/// load here, from beside its assembly; the contract it shares with the node (Midflight.Participation
/// and the logging abstractions in its API) comes from the default context, so both sides agree on
/// the types they exchange. Given the hashes a signature gives the files beside the assembly, it loads
/// a dependency only if its bytes are the ones signed, and from those bytes.
/// </summary>
internal sealed class ModuleLoadContext(string name, string assemblyPath, ImmutableSortedDictionary<string, string>? signed = null) : AssemblyLoadContext(name, isCollectible: true)
{
    /// <summary>The assemblies every module shares with the node; a procedure update compiles against them too.</summary>
    public static readonly Assembly[] SharedAssemblies =
    [
        typeof(ModuleBase).Assembly,
        typeof(State.Snapshot).Assembly, // the participation code's snapshots
        typeof(Model.ModuleSpec).Assembly,
        typeof(Microsoft.Extensions.Logging.ILogger).Assembly,
    ];

    /// <summary>The simple names of <see cref="SharedAssemblies"/>: never loaded from beside a module.</summary>
    public static readonly IReadOnlySet<string> Shared = new HashSet<string>(SharedAssemblies.Select(a => a.GetName().Name!), StringComparer.OrdinalIgnoreCase);

    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } simple && Shared.Contains(simple))
        {
            return null;
        }
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            return null;
        }
        if (signed is null)
        {
            return LoadFromAssemblyPath(path);
        }
        using var bytes = new MemoryStream(Signed(path));
        return LoadFromStream(bytes);
    }

    /// <summary>The bytes of <paramref name="path"/>, if the module's signature names them.</summary>
    private byte[] Signed(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return signed!.TryGetValue(Path.GetFileName(path), out var hash) && CodeSignature.Hash(bytes) == hash
            ? bytes
            : throw new FileLoadException($"{path} is not the file the module's signature covers: it was added or changed after signing; it is not loaded", path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        if (path is not null && signed is not null)
        {
            Signed(path);
        }
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
