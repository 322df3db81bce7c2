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

    /// <summary>This specification with an attribute set (<c>mh_edit_objattr</c>), such as <c>machine</c> or <c>status</c>.</summary>
    public ModuleSpec WithAttribute(string name, string value) =>
        this with { Attributes = Attributes.Where(a => a.Name != name).Append(new ModuleAttribute(name, value)).ToEquatableArray() };
}
