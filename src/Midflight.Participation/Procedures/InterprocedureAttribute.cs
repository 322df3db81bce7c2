namespace Midflight;

/// <summary>
/// Marks a method of a procedure update as the interprocedure (PODUS) of a procedure whose
/// signature changed: it has the old signature, converts the old calling sequence to the new one,
/// calls the new procedure, and converts the result back. Old code that calls the old procedure
/// goes through it once the update switches; new code calls the new procedure directly.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class InterprocedureAttribute(string procedure) : Attribute
{
    /// <summary>The old procedure, as its identity reads: <c>Sort(long[])</c>.</summary>
    public string Procedure { get; } = procedure;
}
