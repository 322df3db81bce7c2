using System.Collections.Immutable;
using Midflight.Model;

namespace Midflight.Runtime;

/// <summary>A module instance as a node reports it.</summary>
public sealed record InstanceStatus(string Name, ModuleSpec Spec, ModuleActivity Activity, ImmutableDictionary<string, int> QueueDepths)
{
    /// <summary>The node of the cluster that runs it; null on the embedded node.</summary>
    public string? Node { get; init; }

    /// <summary>Its procedures that run updated code, each with the number of the procedure update it runs; the rest run as built.</summary>
    public ImmutableSortedDictionary<string, int> Procedures { get; init; } = ImmutableSortedDictionary<string, int>.Empty;

    /// <summary>With a procedure switch pending, the procedures found active that hold it (empty if none does yet); null with none pending.</summary>
    public IReadOnlyList<string>? SwitchHeldBy { get; init; }

    /// <summary>How many objects an update left in <c>Versioned</c> boxes its version's lazy mappers have converted so far.</summary>
    public long LazilyConverted { get; init; }

    /// <summary>What each of its interfaces has carried since the instance was added, across its replaces and updates; empty for an instance on another node.</summary>
    public ImmutableDictionary<string, MessageCounts> Messages { get; init; } = ImmutableDictionary<string, MessageCounts>.Empty;
}

/// <summary>What an interface of an instance has sent, taken and had refused (a write the bus would not carry: one that does not match its pattern, say).</summary>
public sealed record MessageCounts(long Sent, long Taken, long Refused);

/// <summary>A node of a cluster as a node sees it: its name, its address, whether it is reachable, and what it hosts.</summary>
public sealed record NodeStatus(string Name, string Address, string Reachability, ImmutableArray<string> Instances);

/// <summary>
/// An instance's old version running on beside its new one until drained (<c>update --drain</c>):
/// what it runs, what it is doing, and how many replies it still owes.
/// </summary>
public sealed record DrainingStatus(string Name, ModuleSource Source, ModuleActivity Activity, int RepliesOwed);

/// <summary>What a node runs at one moment: its instances and bindings; in a cluster, its nodes.</summary>
public sealed record ApplicationStatus(ImmutableArray<InstanceStatus> Instances, ImmutableArray<BindingSpec> Bindings)
{
    /// <summary>The nodes of the cluster, this one among them; empty on the embedded node.</summary>
    public ImmutableArray<NodeStatus> Nodes { get; init; } = [];

    /// <summary>The old versions draining beside their successors, which have their names.</summary>
    public ImmutableArray<DrainingStatus> Draining { get; init; } = [];

    /// <summary>The groups of instances that change together, as the configuration declares them.</summary>
    public EquatableArray<GroupSpec> Groups { get; init; } = [];

    public InstanceStatus this[string instance] =>
        Instances.FirstOrDefault(i => i.Name == instance) ?? throw new KeyNotFoundException($"there is no instance '{instance}'");
}
