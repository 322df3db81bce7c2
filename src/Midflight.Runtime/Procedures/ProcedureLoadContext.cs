using System.Reflection;
using System.Runtime.Loader;

namespace Midflight.Runtime.Procedures;

/// <summary>
/// The collectible load context of one procedure update: its assembly binds to the running module's
/// assembly and dependencies, as loaded in the module's own context, so the new code and the running
/// instance agree on every type. Unloaded when no slot binds its procedures; frames still running its
/// code keep it alive until they return.
/// </summary>
internal sealed class ProcedureLoadContext(string name, Assembly module) : AssemblyLoadContext(name, isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName) =>
        AssemblyName.ReferenceMatchesDefinition(assemblyName, module.GetName())
            ? module
            : GetLoadContext(module)?.LoadFromAssemblyName(assemblyName);
}
