namespace Midflight;

/// <summary>
/// Declares that a procedure belongs to a semantic group (PODUS's semantic dependencies): the
/// procedures of a group that an update changes are switched together, at a moment when all of them
/// are inactive at once, never one without the others.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class SemanticGroupAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
