using System.Diagnostics;

namespace Midflight.Runtime.Telemetry;

/// <summary>
/// Each reconfiguration as a trace, on the platform's <see cref="ActivitySource"/> named
/// <see cref="MidflightTelemetry.Name"/>: an activity for the whole change, with its title, steps, who asked and
/// its outcome and pause, and one for each phase of its transaction — build and load, check,
/// quiesce (the wait for quiet moments and points, the captures), move state (snapshots taken and
/// restored), commit. Without a listener, starting one costs a test and returns null.
/// </summary>
internal static class ReconfigurationTrace
{
    // One source for the process, as the platform's own libraries have: listeners subscribe by name,
    // and a node's changes are told apart by their trace, not their source.
    private static readonly ActivitySource Source = new(MidflightTelemetry.Name, typeof(ReconfigurationTrace).Assembly.GetName().Version?.ToString(3));

    public static Activity? Begin(Reconfiguration reconfiguration) =>
        Source.StartActivity("midflight.reconfiguration")?
            .SetTag("midflight.title", reconfiguration.Title)
            .SetTag("midflight.steps", reconfiguration.Steps.Length)
            .SetTag("midflight.requested_by", reconfiguration.RequestedBy);

    /// <summary>A phase of the transaction under way, until disposed.</summary>
    public static Activity? Phase(string name) => Source.StartActivity(name);

    public static void Committed(Activity? trace, ReconfigurationResult result) =>
        trace?.SetTag("midflight.outcome", "committed").SetTag("midflight.pause_ms", result.Paused.TotalMilliseconds).SetStatus(ActivityStatusCode.Ok);

    public static void Failed(Activity? trace, string why) =>
        trace?.SetTag("midflight.outcome", "failed").SetStatus(ActivityStatusCode.Error, why);
}
