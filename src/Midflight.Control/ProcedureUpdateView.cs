using Midflight.Runtime.Procedures;

namespace Midflight.Control;

/// <summary>One step of a procedure update on the wire: its procedures, why they go together, and when it switched (ms after the command; null if it did not).</summary>
public sealed record ProcedureStepView(IReadOnlyList<string> Procedures, IReadOnlyList<string> Reasons, double? SwitchedAfterMs);

/// <summary>A procedure update's result on the wire: its plan and switches, its times, what the compiler noticed.</summary>
public sealed record ProcedureUpdateView(string Instance, int Version, bool Switched, IReadOnlyList<ProcedureStepView> Steps, double CompileMs, double TotalMs, IReadOnlyList<string> Warnings)
{
    public static ProcedureUpdateView Of(ProcedureUpdateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Instance, result.Version, result.Switched,
            [.. result.Steps.Select(s => new ProcedureStepView(s.Procedures, s.Reasons, s.SwitchedAfter?.TotalMilliseconds))],
            result.Compile.TotalMilliseconds, result.Total.TotalMilliseconds, result.Warnings);
    }
}
