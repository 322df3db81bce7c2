namespace Midflight.Runtime.Telemetry;

/// <summary>The names a telemetry pipeline subscribes to (docs/operations.md).</summary>
public static class MidflightTelemetry
{
    /// <summary>The name of each node's meter and of the source of its reconfiguration traces.</summary>
    public const string Name = "Midflight";
}
