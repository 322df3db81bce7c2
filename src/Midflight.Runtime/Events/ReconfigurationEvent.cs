namespace Midflight.Runtime;

/// <summary>How a reconfiguration ended.</summary>
public enum ReconfigurationOutcome
{
    /// <summary>All its steps took effect.</summary>
    Committed,

    /// <summary>None did: it was refused or abandoned, and the application is as it was.</summary>
    Failed,

    /// <summary>It has begun and not ended yet.</summary>
    InProgress,

    /// <summary>The node ended — killed, or its machine stopped — before it did; whatever it had done went with the node.</summary>
    Interrupted,
}

/// <summary>
/// One reconfiguration as the event log keeps it: who asked, what (its title and its plan, a step a
/// line), when, how long it took and how long the modules it held were paused, and how it ended.
/// </summary>
public sealed record ReconfigurationEvent(
    long Id,
    DateTimeOffset At,
    string RequestedBy,
    string Title,
    string Plan,
    int Steps,
    TimeSpan Duration,
    TimeSpan Paused,
    ReconfigurationOutcome Outcome,
    string? Error);
