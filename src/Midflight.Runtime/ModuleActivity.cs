namespace Midflight.Runtime;

/// <summary>
/// What a module instance is doing: its status; when waiting or paused, on what; and whether a
/// reconfiguration waits for it to reach a reconfiguration point (a shell shows this while it waits).
/// </summary>
public sealed record ModuleActivity(ModuleStatus Status, string? WaitingFor, bool AwaitedAtPoint = false)
{
    public override string ToString() =>
        (WaitingFor is null ? Status.ToString() : $"{Status} ({WaitingFor})") + (AwaitedAtPoint ? ", awaited at its next reconfiguration point" : "");
}
