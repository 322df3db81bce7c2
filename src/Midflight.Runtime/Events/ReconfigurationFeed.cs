using System.Threading.Channels;

namespace Midflight.Runtime;

/// <summary>
/// A node's event log as it writes it, and to whoever watches: each reconfiguration as it begins and
/// again as it ends goes to the log and then to every watcher (a dashboard's timeline). A watcher that
/// falls behind loses its oldest entries, never holds up a reconfiguration.
/// </summary>
internal sealed class ReconfigurationFeed(IEventLog log) : IEventLog
{
    /// <summary>How many entries a watcher may fall behind by before it loses the oldest.</summary>
    private const int WatcherBacklog = 1024;

    private readonly Lock _lock = new();
    private readonly List<ChannelWriter<ReconfigurationEvent>> _watchers = [];
    private readonly Dictionary<long, ReconfigurationEvent> _inProgress = [];

    public async Task<long> AppendAsync(ReconfigurationEvent entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var id = await log.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        var appended = entry with { Id = id };
        lock (_lock)
        {
            if (appended.Outcome == ReconfigurationOutcome.InProgress)
            {
                _inProgress[id] = appended;
            }
        }
        Publish(appended);
        return id;
    }

    public async Task EndAsync(long id, TimeSpan duration, TimeSpan paused, ReconfigurationOutcome outcome, string? error, CancellationToken cancellationToken)
    {
        await log.EndAsync(id, duration, paused, outcome, error, cancellationToken).ConfigureAwait(false);
        ReconfigurationEvent? begun;
        lock (_lock)
        {
            _inProgress.Remove(id, out begun);
        }
        if (begun is not null)
        {
            Publish(begun with { Duration = duration, Paused = paused, Outcome = outcome, Error = error });
        }
    }

    public Task<IReadOnlyList<ReconfigurationEvent>> ReadAsync(int count, CancellationToken cancellationToken) => log.ReadAsync(count, cancellationToken);

    /// <summary>
    /// The last <paramref name="history"/> entries of the log, then every entry written from now on,
    /// until <paramref name="cancellationToken"/> is cancelled. An entry comes as it begins and again as
    /// it ends, under one <see cref="ReconfigurationEvent.Id"/>, and may come twice as it begins when
    /// it began while the history was read: a watcher keeps the latest of each id.
    /// </summary>
    public async IAsyncEnumerable<ReconfigurationEvent> WatchAsync(int history, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ReconfigurationEvent>(new BoundedChannelOptions(WatcherBacklog)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        // Watching before the history is read: an entry written between the two is seen at least once.
        lock (_lock)
        {
            _watchers.Add(channel.Writer);
        }
        try
        {
            foreach (var entry in await log.ReadAsync(history, cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }
            await foreach (var entry in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(channel.Writer);
            }
        }
    }

    private void Publish(ReconfigurationEvent entry)
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.TryWrite(entry);
            }
        }
    }
}
