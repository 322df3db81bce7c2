namespace Midflight.Runtime;

/// <summary>
/// Where a node records its reconfigurations. <see cref="SqliteEventLog"/> is the default store: a
/// SQLite database beside the node.
/// </summary>
public interface IEventLog
{
    /// <summary>Records one reconfiguration; its <see cref="ReconfigurationEvent.Id"/> is given by the log.</summary>
    Task AppendAsync(ReconfigurationEvent entry, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="count"/> reconfigurations, oldest first.</summary>
    Task<IReadOnlyList<ReconfigurationEvent>> ReadAsync(int count, CancellationToken cancellationToken);
}
