using Midflight.Runtime;

namespace Midflight.Cli;

/// <summary>
/// An event log entry as <c>log --json</c> prints it: durations in milliseconds, as a change's own
/// answer gives them (<c>durationMs</c>, <c>pausedMs</c>).
/// </summary>
internal sealed record LogEntryView(long Id, DateTimeOffset At, string RequestedBy, string Title, string Plan, int Steps,
    double DurationMs, double PausedMs, ReconfigurationOutcome Outcome, string? Error)
{
    public static LogEntryView Of(ReconfigurationEvent entry) => new(entry.Id, entry.At, entry.RequestedBy, entry.Title, entry.Plan, entry.Steps,
        entry.Duration.TotalMilliseconds, entry.Paused.TotalMilliseconds, entry.Outcome, entry.Error);
}
