namespace Midflight.Model;

/// <summary>A module specification: where the code is, its interfaces, reconfiguration points and attributes.</summary>
public sealed record ModuleSpec(
    string Name,
    ModuleSource Source,
    EquatableArray<InterfaceSpec> Interfaces,
    EquatableArray<ReconfigurationPoint> ReconfigurationPoints,
    EquatableArray<ModuleAttribute> Attributes)
{
    public InterfaceSpec? FindInterface(string name) => Interfaces.FirstOrDefault(i => i.Name == name);

}
