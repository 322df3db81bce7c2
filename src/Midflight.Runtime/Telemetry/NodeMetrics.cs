using System.Diagnostics.Metrics;
using Midflight.Runtime.Bus;
using Midflight.Runtime.Hosting;

namespace Midflight.Runtime.Telemetry;

/// <summary>
/// A node's instruments, on a meter named <see cref="MidflightTelemetry.Name"/> (listed with their units in
/// docs/operations.md). What the message path counts it counts in plain fields of its ports, each
/// written by one module's thread, and the meter reads them only when a listener collects: the
/// message path pays an increment, listened to or not, and never a tag lookup or a lock.
/// </summary>
internal sealed class NodeMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownMeter;
    private readonly Counter<long> _reconfigurations;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _pause;
    private readonly Histogram<long> _capturedFrames;
    private readonly Histogram<long> _capturedObjects;
    private readonly Counter<long> _faults;
    private readonly Counter<long> _backouts;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Instance, string Interface), PortCounts> _ports = new();

    /// <param name="factory">Where the meter comes from: the host's, so that its listeners see it; null for a meter of the node's own.</param>
    /// <param name="application">The application the node runs, a tag of the meter — several nodes in one process are told apart by it; null for a member of a cluster, which gets its share later.</param>
    /// <param name="node">The node's name in its cluster, a tag of the meter too; null on the embedded node.</param>
    /// <param name="hosts">The module instances hosted now, read at each collection: the queues whose depths are measured.</param>
    /// <param name="healthWindows">How many updates are in their health window now.</param>
    public NodeMetrics(IMeterFactory? factory, string? application, string? node, Func<IEnumerable<ModuleHost>> hosts, Func<int> healthWindows)
    {
        var options = new MeterOptions(MidflightTelemetry.Name)
        {
            Version = typeof(NodeMetrics).Assembly.GetName().Version?.ToString(3),
            Tags = new (string Key, string? Value)[] { ("midflight.application", application), ("midflight.node", node) }
                .Where(t => t.Value is not null).Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)).ToArray(),
        };
        _meter = factory?.Create(options) ?? new Meter(options);
        _ownMeter = factory is null;
        _meter.CreateObservableCounter("midflight.messages.sent", () => Counted(c => c.Sent),
            "{message}", "Messages an interface wrote onto the bus: a define's events, a client's requests, a server's replies");
        _meter.CreateObservableCounter("midflight.messages.delivered", () => Counted(c => c.Taken),
            "{message}", "Messages an interface's module took from its queue");
        _meter.CreateObservableCounter("midflight.messages.refused", () => Counted(c => c.Refused),
            "{message}", "Writes the bus refused: a message that does not match the interface's pattern, a reply with no request, a request with no server");
        _meter.CreateObservableGauge("midflight.queue.depth", () => hosts().SelectMany(h => h.Ports.Where(p => p.Queue is not null)
                .Select(p => new Measurement<long>(p.Queue!.Count, Tags(h.InstanceName, p.Spec.Name)))),
            "{message}", "Messages queued for an incoming interface, not yet taken");
        _meter.CreateObservableUpDownCounter("midflight.health_windows", healthWindows,
            "{update}", "Updates in their health window: the old version still loaded, backed out if the new one fails");
        _reconfigurations = _meter.CreateCounter<long>("midflight.reconfigurations", "{reconfiguration}", "Reconfigurations ended, by outcome");
        _duration = _meter.CreateHistogram<double>("midflight.reconfiguration.duration", "ms", "How long a reconfiguration took, from its request to its end");
        _pause = _meter.CreateHistogram<double>("midflight.reconfiguration.pause", "ms", "How long a committed reconfiguration held the instances it changes still");
        _capturedFrames = _meter.CreateHistogram<long>("midflight.capture.frames", "{frame}", "The stack frames of each state captured at a reconfiguration point and restored into the instance's next incarnation");
        _capturedObjects = _meter.CreateHistogram<long>("midflight.capture.objects", "{object}", "The heap objects of each state captured at a reconfiguration point and restored into the instance's next incarnation");
        _faults = _meter.CreateCounter<long>("midflight.module.faults", "{fault}", "Module runs that ended with an exception");
        _backouts = _meter.CreateCounter<long>("midflight.backouts", "{backout}", "Updates backed out, automatically or by a rollback from the snapshot");
    }

    /// <summary>The meter, for a listener that wants this node's instruments and no other's.</summary>
    public Meter Meter => _meter;

    public void Reconfigured(ReconfigurationOutcome outcome, TimeSpan duration, TimeSpan paused)
    {
        var tag = new KeyValuePair<string, object?>("midflight.outcome", outcome.ToString().ToLowerInvariant());
        _reconfigurations.Add(1, tag);
        _duration.Record(duration.TotalMilliseconds, tag);
        if (outcome == ReconfigurationOutcome.Committed)
        {
            _pause.Record(paused.TotalMilliseconds);
        }
    }

    /// <summary>A state captured and restored: its size, in frames and objects (its bytes are never encoded on the way).</summary>
    public void Captured(string instance, int frames, int objects)
    {
        var tag = new KeyValuePair<string, object?>("midflight.instance", instance);
        _capturedFrames.Record(frames, tag);
        _capturedObjects.Record(objects, tag);
    }

    public void Faulted(string instance) => _faults.Add(1, new KeyValuePair<string, object?>("midflight.instance", instance));

    public void BackedOut(string instance) => _backouts.Add(1, new KeyValuePair<string, object?>("midflight.instance", instance));

    /// <summary>The counts of <paramref name="instance"/>'s interface <paramref name="interfaceName"/>, the same for each of its incarnations.</summary>
    public PortCounts CountsOf(string instance, string interfaceName) => _ports.GetOrAdd((instance, interfaceName), static _ => new PortCounts());

    /// <summary>The counts of an interface that has counted, or null: looking makes none.</summary>
    public PortCounts? CountedOf(string instance, string interfaceName) => _ports.GetValueOrDefault((instance, interfaceName));

    /// <summary>Every interface's count that is not zero: an interface that never sends has no series of sent messages.</summary>
    private IEnumerable<Measurement<long>> Counted(Func<PortCounts, long> count) =>
        _ports.Select(p => (p.Key, Value: count(p.Value))).Where(p => p.Value > 0).Select(p => new Measurement<long>(p.Value, Tags(p.Key.Instance, p.Key.Interface)));

    private static KeyValuePair<string, object?>[] Tags(string instance, string interfaceName) =>
        [new("midflight.instance", instance), new("midflight.interface", interfaceName)];

    /// <summary>
    /// Disposes a meter of the node's own. One from the host's factory is the factory's to dispose, with
    /// the host: its exporters make their last collection as the host stops, after the node has.
    /// </summary>
    public void Dispose()
    {
        if (_ownMeter)
        {
            _meter.Dispose();
        }
    }
}
