namespace Midflight.Runtime.Procedures;

/// <summary>What a procedure update changes and when it may switch (see <see cref="Node.UpdateProceduresAsync"/>).</summary>
public sealed record ProcedureUpdateOptions
{
    /// <summary>The procedures to update, by name (every overload) or identity; empty for every procedure whose source changed.</summary>
    public IReadOnlyList<string> Procedures { get; init; } = [];

    /// <summary>
    /// Where the new code is: a .cs file, which stands for the project's file of the same name or else
    /// for the files that declare the module class, or a folder or project of sources; null for the
    /// module's own project as it is now.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>DYMOS's <c>when Q1..Qm idle</c>: procedures that must be inactive too when a step switches.</summary>
    public IReadOnlyList<string> WhenIdle { get; init; } = [];

    /// <summary>How long the switch may wait for its procedures to be inactive; the steps not switched by then never are.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Compile, check and plan, and switch nothing: the dry run <c>--plan</c>.</summary>
    public bool PlanOnly { get; init; }

    /// <summary>Switch everything in one step, at a moment when all of it is inactive at once, rather than bottom-up.</summary>
    public bool Atomic { get; init; }

    /// <summary>
    /// DYMOS's rule instead of PODUS's: switch without waiting for the procedures to be inactive; their
    /// activations under way finish on the old code, and every call from then on runs the new.
    /// </summary>
    public bool WhileActive { get; init; }

    public string RequestedBy { get; init; } = "api";
}
