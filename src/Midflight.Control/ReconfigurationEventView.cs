using Midflight.Runtime;

namespace Midflight.Control;

/// <summary>
/// A reconfiguration of the event log as the control endpoint reports it, in JSON: who asked, what,
/// when, how long it took and paused its modules (in milliseconds), how it ended, and why it failed.
/// </summary>
public sealed record ReconfigurationEventView(
    long Id, DateTimeOffset At, string RequestedBy, string Title, string Plan, int Steps, double DurationMs, double PausedMs, string Outcome, string? Error)
{
    internal static ReconfigurationEventView Of(ReconfigurationEvent entry) => new(
        entry.Id, entry.At, entry.RequestedBy, entry.Title, entry.Plan, entry.Steps,
        entry.Duration.TotalMilliseconds, entry.Paused.TotalMilliseconds, entry.Outcome.ToString(), entry.Error);
}
