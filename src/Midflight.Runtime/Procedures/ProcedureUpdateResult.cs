namespace Midflight.Runtime.Procedures;

/// <summary>One step of a procedure update as it went: the procedures it switched, and when, counted from the command.</summary>
public sealed record SwitchedStep(IReadOnlyList<string> Procedures, IReadOnlyList<string> Reasons, TimeSpan? SwitchedAfter);

/// <summary>What a procedure update did: its plan, each step's switch, and the time each part took.</summary>
/// <param name="Instance">The instance updated.</param>
/// <param name="Version">The update's number for the instance (its procedures' version).</param>
/// <param name="Steps">The plan's steps, each with when it switched (null for a plan only).</param>
/// <param name="Compile">From the command to the new code compiled and checked.</param>
/// <param name="Total">From the command to the last switch.</param>
/// <param name="Warnings">What the compiler noticed and did not refuse: a changed procedure not named, one the sources dropped.</param>
public sealed record ProcedureUpdateResult(string Instance, int Version, IReadOnlyList<SwitchedStep> Steps, TimeSpan Compile, TimeSpan Total, IReadOnlyList<string> Warnings)
{
    public bool Switched => Steps.All(s => s.SwitchedAfter is not null);
}
