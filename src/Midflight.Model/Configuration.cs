namespace Midflight.Model;

/// <summary>A whole configuration: module specifications and the application built from them.</summary>
public sealed record Configuration(EquatableArray<ModuleSpec> Modules, ApplicationSpec Application)
{
    public ModuleSpec? FindModule(string name) => Modules.FirstOrDefault(m => m.Name == name);

    /// <summary>The specification of an application instance's module.</summary>
    public ModuleSpec ModuleOf(InstanceSpec instance) =>
        FindModule(instance.Module) ?? throw new InvalidOperationException($"instance '{instance.Name}' names unknown module '{instance.Module}'");
}
