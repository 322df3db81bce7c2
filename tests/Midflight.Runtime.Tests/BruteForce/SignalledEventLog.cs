using System.Collections.Concurrent;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>An event log in memory that says when an entry with a given title is recorded: the signal a test waits for.</summary>
internal sealed class SignalledEventLog : IEventLog
{
    private readonly ConcurrentQueue<ReconfigurationEvent> _entries = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ReconfigurationEvent>> _awaited = new(StringComparer.Ordinal);
    private long _ids;

    public Task<long> AppendAsync(ReconfigurationEvent entry, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _ids);
        _entries.Enqueue(entry with { Id = id });
        Awaited(entry.Title).TrySetResult(entry);
        return Task.FromResult(id);
    }

    public Task EndAsync(long id, TimeSpan duration, TimeSpan paused, ReconfigurationOutcome outcome, string? error, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<ReconfigurationEvent>> ReadAsync(int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReconfigurationEvent>>([.. _entries.TakeLast(count)]);

    /// <summary>Completes when an entry titled <paramref name="title"/> is recorded, or has been.</summary>
    public Task<ReconfigurationEvent> WhenRecorded(string title) => Awaited(title).Task;

    private TaskCompletionSource<ReconfigurationEvent> Awaited(string title) =>
        _awaited.GetOrAdd(title, _ => new TaskCompletionSource<ReconfigurationEvent>(TaskCreationOptions.RunContinuationsAsynchronously));
}
