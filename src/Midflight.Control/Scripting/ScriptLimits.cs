namespace Midflight.Control;

/// <summary>How long a reconfiguration script may take to plan, in its own process, before the node stops it and refuses it.</summary>
public sealed record ScriptLimits
{
    /// <summary>30 seconds: compiling a script in a fresh process takes one to three, planning next to nothing.</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>From the start of the script's process to its plan; past it the process is killed and the script refused.</summary>
    public TimeSpan TimeLimit { get; init; } = DefaultTimeLimit;

    /// <summary>The clock the time limit is measured on.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How much of what a script prints comes back to its caller; the rest is dropped (a script printing in a loop must not fill the node's memory).</summary>
    public int OutputLimit { get; init; } = 1 << 20;
}
