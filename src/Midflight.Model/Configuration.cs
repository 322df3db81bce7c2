namespace Midflight.Model;

/// <summary>A whole configuration: module specifications and the application built from them.</summary>
public sealed record Configuration
{
    private readonly EquatableArray<ModuleSpec> _modules;
    private readonly Dictionary<string, ModuleSpec> _byName = new(StringComparer.Ordinal); // an index of Modules, not part of the value

    public Configuration(EquatableArray<ModuleSpec> modules, ApplicationSpec application)
    {
        Modules = modules;
        Application = application;
    }

    public EquatableArray<ModuleSpec> Modules
    {
        get => _modules;
        init
        {
            _modules = value;
            // Looked up by name for each instance: a configuration of 100,000 modules is read in linear time.
            _byName = new Dictionary<string, ModuleSpec>(value.Count, StringComparer.Ordinal);
            foreach (var module in value)
            {
                _byName.TryAdd(module.Name, module);
            }
        }
    }

    public ApplicationSpec Application { get; init; }

    public ModuleSpec? FindModule(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The specification of an application instance's module.</summary>
    public ModuleSpec ModuleOf(InstanceSpec instance) =>
        FindModule(instance.Module) ?? throw new InvalidOperationException($"instance '{instance.Name}' names unknown module '{instance.Module}'");

    public void Deconstruct(out EquatableArray<ModuleSpec> modules, out ApplicationSpec application) => (modules, application) = (Modules, Application);

    public bool Equals(Configuration? other) => other is not null && Modules.Equals(other.Modules) && Application.Equals(other.Application);

    public override int GetHashCode() => HashCode.Combine(Modules, Application);
}
