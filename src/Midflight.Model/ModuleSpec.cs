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

    public string? FindAttribute(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    /// <summary>A copy with one attribute set (added or replaced), as a reconfiguration script does with <c>machine</c>.</summary>
    public ModuleSpec WithAttribute(string name, string value, AttributeValueKind kind = AttributeValueKind.String)
    {
        var attributes = Attributes.Where(a => a.Name != name).Append(new ModuleAttribute(name, value, kind));
        return this with { Attributes = attributes.ToEquatableArray() };
    }
}
