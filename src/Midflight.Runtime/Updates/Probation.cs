using Midflight.Runtime.Bus;

namespace Midflight.Runtime.Updates;

/// <summary>
/// What a new version does in its health window after an update: every message it reads, per
/// interface, how many it writes, and when it last did either. If it fails, a backout replays the
/// reads to the old version, which does not write again what the new one already wrote.
/// </summary>
/// <remarks>
/// The module's thread takes and writes through here; a backout may read the record while that
/// thread still runs — a version stuck in a loop is backed out without its end — so every take and
/// every count is made under a lock, and <see cref="Seal"/> ends them: from then on the module can
/// neither take a message (which would then be both replayed and lost to the old version) nor write
/// one (which the replay would not know of). What the record holds once sealed is final.
/// </remarks>
internal sealed class Probation(IReadOnlyDictionary<string, Inbox[]> owed, int requestsInProgress, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Envelope>> _read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _written = new(StringComparer.Ordinal);
    private bool _sealed;
    private long _lastProgress = time.GetTimestamp();

    /// <summary>Per server interface, the requests owed a reply when the window began: the old version's stack may be serving them.</summary>
    public IReadOnlyDictionary<string, Inbox[]> Owed { get; } = owed;

    /// <summary>The requests in progress when the window began.</summary>
    public int RequestsInProgress { get; } = requestsInProgress;

    /// <summary>Takes the next message of <paramref name="queue"/> for the module, recording it.</summary>
    /// <exception cref="OperationCanceledException">The record is sealed: the module is cut off.</exception>
    public bool TryTake(string interfaceName, InterfaceQueue queue, out Envelope envelope)
    {
        lock (_gate)
        {
            ThrowIfSealed();
            if (!queue.TryDequeue(out envelope))
            {
                return false;
            }
            if (!_read.TryGetValue(interfaceName, out var read))
            {
                _read[interfaceName] = read = [];
            }
            read.Add(envelope);
            _lastProgress = time.GetTimestamp();
            return true;
        }
    }

    /// <summary>Counts a write the module is about to deliver.</summary>
    /// <exception cref="OperationCanceledException">The record is sealed: the module is cut off, and the write is not delivered.</exception>
    public void Wrote(string interfaceName)
    {
        lock (_gate)
        {
            ThrowIfSealed();
            _written[interfaceName] = _written.GetValueOrDefault(interfaceName) + 1;
            _lastProgress = time.GetTimestamp();
        }
    }

    private void ThrowIfSealed()
    {
        if (_sealed)
        {
            throw new OperationCanceledException("cut off: its version is being backed out");
        }
    }

    /// <summary>Ends the record: the module takes and writes nothing more. Waits for a take or count in progress.</summary>
    public void Seal()
    {
        lock (_gate)
        {
            _sealed = true;
        }
    }

    /// <summary>How long since the module last took or wrote a message (or the window began).</summary>
    public TimeSpan SinceProgress
    {
        get
        {
            lock (_gate)
            {
                return time.GetElapsedTime(_lastProgress);
            }
        }
    }

    /// <summary>What the module read on <paramref name="interfaceName"/>, oldest first.</summary>
    public IReadOnlyList<Envelope> ReadOn(string interfaceName) => _read.GetValueOrDefault(interfaceName) ?? [];

    /// <summary>How many messages the module wrote, per interface.</summary>
    public IReadOnlyDictionary<string, int> Written => _written;
}
