namespace Midflight;

/// <summary>
/// Put by Midflight on the binding table of a module prepared for procedure updates, one per
/// instance field of the module: the methods that use the field, by identity. A procedure update
/// that changes the field's type, through a mapper, must update all of them at once: none may read
/// the old field after the mapper has converted it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FieldUseAttribute(string field, params string[] users) : Attribute
{
    public string Field { get; } = field;

    /// <summary>The module's methods whose code reads or writes the field, procedures or not: <c>Run()</c>, <c>AdjustBalance(int, int)</c>.</summary>
    public IReadOnlyList<string> Users { get; } = users;
}
