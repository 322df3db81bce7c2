using Diagnostic = Midflight.Model.Diagnostics.Diagnostic;

namespace Midflight.Transform.Procedures;

/// <summary>How a compiled procedure enters the running program.</summary>
public enum ProcedureChange
{
    /// <summary>A new body for a procedure of the running version: its slot is rebound to it.</summary>
    Changed,

    /// <summary>A procedure the running version does not have: new code calls it directly, it has no slot.</summary>
    Added,

    /// <summary>The interprocedure of a procedure whose signature changed: the old procedure's slot is rebound to it.</summary>
    Interprocedure,
}

/// <summary>One procedure of a compiled update.</summary>
/// <param name="Identity">Its own identity: <c>Sort(double[])</c>.</param>
/// <param name="Change">How it enters the running program.</param>
/// <param name="Slot">The running procedure whose slot it takes (for an interprocedure, the old procedure's identity); null for an added one.</param>
/// <param name="Method">The name of its static method in the update's assembly.</param>
/// <param name="Calls">The procedures its new code calls, by identity.</param>
/// <param name="Groups">The semantic groups it belongs to.</param>
public sealed record CompiledProcedure(string Identity, ProcedureChange Change, string? Slot, string Method, IReadOnlyList<string> Calls, IReadOnlyList<string> Groups);

/// <summary>
/// A field the new procedures use that the running instance's class does not declare: it lives in a
/// box of the instance's binding table, which the update's static field <paramref name="Box"/> is set
/// to, made with the value of its static method <paramref name="Initial"/> when the field is new.
/// </summary>
public sealed record AddedField(string Name, string Type, string Box, string Initial)
{
    /// <summary>
    /// For a field whose type the update changes, the static method that converts the running field's
    /// value into the box (<c>(instance, old)</c>), run when <see cref="Users"/> switch; null for a new field.
    /// </summary>
    public string? Mapper { get; init; }

    /// <summary>The procedures that use the converted field: they switch in one step, after the mapper.</summary>
    public IReadOnlyList<string> Users { get; init; } = [];
}

/// <summary>
/// What compiling a procedure update gave: the assembly of its new procedures and the sequence of
/// steps that switches them, or the errors that refuse it.
/// </summary>
public sealed record CompiledUpdate(
    IReadOnlyList<Diagnostic> Errors,
    IReadOnlyList<string> Warnings,
    byte[]? Assembly,
    string VersionClass,
    IReadOnlyList<CompiledProcedure> Procedures,
    UpdatePlan? Plan)
{
    public bool Succeeded => Errors.Count == 0 && Assembly is not null;

    /// <summary>The fields the new procedures add to the instance.</summary>
    public IReadOnlyList<AddedField> AddedFields { get; init; } = [];

    public static CompiledUpdate Refused(IReadOnlyList<Diagnostic> errors, IReadOnlyList<string> warnings) => new(errors, warnings, null, "", [], null);
}
