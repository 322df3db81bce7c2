namespace Midflight.Model.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
