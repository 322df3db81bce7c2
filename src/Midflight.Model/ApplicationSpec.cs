namespace Midflight.Model;

/// <summary>An application specification: the module instances and the bindings between them.</summary>
public sealed record ApplicationSpec(string Name, EquatableArray<InstanceSpec> Instances, EquatableArray<BindingSpec> Bindings)
{
    /// <summary>The groups of instances switched as one (<c>group NAME {MEMBER, …}</c>); most applications have none.</summary>
    public EquatableArray<GroupSpec> Groups { get; init; } = [];

    /// <summary>The group <paramref name="instance"/> is a member of, or null.</summary>
    public GroupSpec? GroupOf(string instance) => Groups.FirstOrDefault(g => g.Members.Contains(instance));
}
