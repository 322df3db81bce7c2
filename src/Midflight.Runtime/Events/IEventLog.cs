namespace Midflight.Runtime;

/// <summary>
/// Where a node records its reconfigurations. <see cref="SqliteEventLog"/> is the default store: a
/// SQLite database beside the node. Each is recorded as it begins and again as it ends, so that a
/// node killed in the middle of one leaves a log that says which change it was.
/// </summary>
public interface IEventLog
{
    /// <summary>Records one reconfiguration — as it begins, <see cref="ReconfigurationOutcome.InProgress"/>, or as it ended.</summary>
    /// <returns>Its <see cref="ReconfigurationEvent.Id"/>, given by the log.</returns>
    Task<long> AppendAsync(ReconfigurationEvent entry, CancellationToken cancellationToken);

    /// <summary>Records how the reconfiguration <paramref name="id"/>, appended as it began, ended.</summary>
    Task EndAsync(long id, TimeSpan duration, TimeSpan paused, ReconfigurationOutcome outcome, string? error, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="count"/> reconfigurations, oldest first.</summary>
    Task<IReadOnlyList<ReconfigurationEvent>> ReadAsync(int count, CancellationToken cancellationToken);
}
