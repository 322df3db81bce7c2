namespace Midflight.Model;

/// <summary>An application specification: the module instances and the bindings between them.</summary>
public sealed record ApplicationSpec(string Name, EquatableArray<InstanceSpec> Instances, EquatableArray<BindingSpec> Bindings);
