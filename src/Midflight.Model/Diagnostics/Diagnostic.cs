namespace Midflight.Model.Diagnostics;

/// <summary>
/// A problem found in a configuration, printed the way compilers print theirs:
/// <c>monitor.mil:12:5: error MF0045: …</c>. Codes are stable and explained in docs/errors.md.
/// </summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, SourceLocation Location)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public static Diagnostic Error(string code, SourceLocation location, string message) =>
        new(code, DiagnosticSeverity.Error, message, location);

    public override string ToString() =>
        $"{Location}: {(IsError ? "error" : "warning")} {Code}: {Message}";
}
