namespace Midflight.Runtime;

/// <summary>
/// A module instance as a reconfiguration names it: the current incarnation of a name, or the new
/// one the same reconfiguration adds. A replace (Figure 5) has both at once — the old
/// <c>compute</c> divulging its state and the new <c>compute</c> installing it — and when it
/// commits, the new incarnation is simply <c>compute</c>.
/// </summary>
public readonly record struct ModuleRef(string Name, bool IsNew)
{
    public static ModuleRef Current(string name) => new(name, false);

    public static ModuleRef New(string name) => new(name, true);

    public EndpointRef this[string interfaceName] => new(this, interfaceName);

    public override string ToString() => IsNew ? $"{Name} (new)" : Name;
}

/// <summary>An interface of a module instance named by a reconfiguration.</summary>
public readonly record struct EndpointRef(ModuleRef Module, string Interface)
{
    public Model.Endpoint Endpoint => new(Module.Name, Interface);

    public override string ToString() => Module.IsNew ? $"\"{Module.Name} {Interface}\" (new)" : $"\"{Module.Name} {Interface}\"";
}
