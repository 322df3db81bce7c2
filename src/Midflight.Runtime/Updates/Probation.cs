using Midflight.Runtime.Bus;

namespace Midflight.Runtime.Updates;

/// <summary>
/// What a new version does in its health window after an update: every message it reads, per
/// interface, and how many it writes. If it fails, a backout replays the reads to the old version,
/// which does not write again what the new one already wrote. Written by the module's thread, read
/// once it has ended.
/// </summary>
internal sealed class Probation(IReadOnlyDictionary<string, InterfaceQueue[]> owed, int requestsInProgress)
{
    private readonly Dictionary<string, List<Envelope>> _read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _written = new(StringComparer.Ordinal);

    /// <summary>Per server interface, the requests owed a reply when the window began: the old version's stack may be serving them.</summary>
    public IReadOnlyDictionary<string, InterfaceQueue[]> Owed { get; } = owed;

    /// <summary>The requests in progress when the window began.</summary>
    public int RequestsInProgress { get; } = requestsInProgress;

    public void Read(string interfaceName, in Envelope envelope)
    {
        if (!_read.TryGetValue(interfaceName, out var read))
        {
            _read[interfaceName] = read = [];
        }
        read.Add(envelope);
    }

    public void Wrote(string interfaceName) => _written[interfaceName] = _written.GetValueOrDefault(interfaceName) + 1;

    /// <summary>What the module read on <paramref name="interfaceName"/>, oldest first.</summary>
    public IReadOnlyList<Envelope> ReadOn(string interfaceName) => _read.GetValueOrDefault(interfaceName) ?? [];

    /// <summary>How many messages the module wrote, per interface.</summary>
    public IReadOnlyDictionary<string, int> Written => _written;
}
