using System.Reflection;
using System.Runtime.Loader;

namespace Midflight.Runtime.Loading;

/// <summary>
/// The collectible load context of one version of one module's code. The module's own dependencies
/// load here, from beside its assembly; the contract it shares with the node (Midflight.Participation
/// and the logging abstractions in its API) comes from the default context, so both sides agree on
/// the types they exchange.
/// </summary>
internal sealed class ModuleLoadContext(string name, string assemblyPath) : AssemblyLoadContext(name, isCollectible: true)
{
    /// <summary>The assemblies every module shares with the node; a procedure update compiles against them too.</summary>
    public static readonly Assembly[] SharedAssemblies =
    [
        typeof(ModuleBase).Assembly,
        typeof(State.Snapshot).Assembly, // the participation code's snapshots
        typeof(Model.ModuleSpec).Assembly,
        typeof(Microsoft.Extensions.Logging.ILogger).Assembly,
    ];

    private static readonly HashSet<string> Shared = new(SharedAssemblies.Select(a => a.GetName().Name!), StringComparer.OrdinalIgnoreCase);

    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } simple && Shared.Contains(simple))
        {
            return null;
        }
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
