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
    /// The last <paramref name="history"/> entries of the log, then every entry written from the call
    /// on, until <paramref name="cancellationToken"/> is cancelled. An entry comes as it begins and
    /// again as it ends, under one <see cref="ReconfigurationEvent.Id"/>, and may come twice as it
    /// begins when it began while the history was read: a watcher keeps the latest of each id.
    /// </summary>
    /// <remarks>
    /// Watching begins with the call, not with the first read: whoever has called may tell another
    /// that it is watching (a dashboard's stream sends its headers), and a change made after that is
    /// not missed. The watch ends when it is read to its end or <paramref name="cancellationToken"/> is
    /// cancelled, whichever comes first.
    /// </remarks>
    public IAsyncEnumerable<ReconfigurationEvent> WatchAsync(int history, CancellationToken cancellationToken)
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
        var stop = cancellationToken.Register(() => Unwatch(channel.Writer));
        return Read(history, channel, stop, cancellationToken);
    }

    private async IAsyncEnumerable<ReconfigurationEvent> Read(int history, Channel<ReconfigurationEvent> watched, CancellationTokenRegistration stop,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            foreach (var entry in await log.ReadAsync(history, cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }
            await foreach (var entry in watched.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }
        }
        finally
        {
            await stop.DisposeAsync().ConfigureAwait(false);
            Unwatch(watched.Writer);
        }
    }

    private void Unwatch(ChannelWriter<ReconfigurationEvent> watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
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
