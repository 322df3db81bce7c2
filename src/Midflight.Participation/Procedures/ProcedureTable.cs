namespace Midflight;

/// <summary>
/// The binding table of one module instance: the build generates a subclass per module class with
/// one delegate field per procedure, marked <see cref="ProcedureAttribute"/>, which the module's
/// calls go through. The runtime rebinds a field to switch its procedure to new code.
/// </summary>
public abstract class ProcedureTable;
