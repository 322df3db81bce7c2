using System.Collections.Immutable;
using Midflight.Model;

namespace Midflight.Runtime;

/// <summary>A module instance as a node reports it.</summary>
public sealed record InstanceStatus(string Name, ModuleSpec Spec, ModuleActivity Activity, ImmutableDictionary<string, int> QueueDepths);

/// <summary>What a node runs at one moment: its instances and bindings.</summary>
public sealed record ApplicationStatus(ImmutableArray<InstanceStatus> Instances, ImmutableArray<BindingSpec> Bindings)
{
    public InstanceStatus this[string instance] =>
        Instances.FirstOrDefault(i => i.Name == instance) ?? throw new KeyNotFoundException($"there is no instance '{instance}'");
}
