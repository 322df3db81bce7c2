namespace Midflight.Runtime;

/// <summary>
/// The event log of a node given none: its last <see cref="Capacity"/> reconfigurations in memory,
/// gone with the process. Enough for a dashboard's timeline; <see cref="SqliteEventLog"/> keeps them.
/// </summary>
internal sealed class MemoryEventLog(int capacity) : IEventLog
{
    private readonly Lock _lock = new();
    private readonly LinkedList<ReconfigurationEvent> _entries = [];
    private long _lastId;

    public int Capacity { get; } = capacity;

    public Task<long> AppendAsync(ReconfigurationEvent entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            var id = ++_lastId;
            _entries.AddLast(entry with { Id = id });
            if (_entries.Count > Capacity)
            {
                _entries.RemoveFirst();
            }
            return Task.FromResult(id);
        }
    }

    public Task EndAsync(long id, TimeSpan duration, TimeSpan paused, ReconfigurationOutcome outcome, string? error, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Searched from the newest: the entry ended is nearly always the last one begun.
            for (var node = _entries.Last; node is not null; node = node.Previous)
            {
                if (node.Value.Id == id)
                {
                    node.Value = node.Value with { Duration = duration, Paused = paused, Outcome = outcome, Error = error };
                    break;
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReconfigurationEvent>> ReadAsync(int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReconfigurationEvent>>([.. _entries.Skip(Math.Max(0, _entries.Count - count))]);
        }
    }
}
