namespace Midflight.Runtime;

/// <summary>What a module instance is doing: its status and, when waiting or paused, on what.</summary>
public sealed record ModuleActivity(ModuleStatus Status, string? WaitingFor)
{
    public override string ToString() => WaitingFor is null ? Status.ToString() : $"{Status} ({WaitingFor})";
}
