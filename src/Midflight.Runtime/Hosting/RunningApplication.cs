using Midflight.Model;

namespace Midflight.Runtime.Hosting;

/// <summary>The module instances a node runs and the bindings between them. Changed only by a reconfiguration's commit.</summary>
internal sealed class RunningApplication
{
    public Dictionary<string, ModuleHost> Hosts { get; } = new(StringComparer.Ordinal);

    public List<BindingSpec> Bindings { get; set; } = [];

    public IReadOnlyDictionary<string, ModuleSpec> Specs => Hosts.ToDictionary(h => h.Key, h => h.Value.Spec);
}
