using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Midflight.Runtime;

/// <summary>How a node runs. The defaults suit the embedded node of <c>midflight run</c>.</summary>
public sealed record NodeOptions
{
    /// <summary>The clock of the node and of its modules; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Where relative <c>source</c> paths start: the configuration file's folder.</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    public IProjectBuilder ProjectBuilder { get; init; } = new DotnetProjectBuilder();

    public IModuleOutput Output { get; init; } = new ConsoleModuleOutput();

    public IBusTracer? Tracer { get; init; }

    /// <summary>
    /// Where the node's meter (<c>Midflight</c>, docs/operations.md) comes from: the host's, so that its
    /// listeners and exporters see it; null for a meter the node makes and disposes itself.
    /// </summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// How long a rehearsed version may run without taking a message or making an output before it is
    /// given up on as a loop: wall-clock time, not the node's clock, since a rehearsal runs as fast as
    /// the machine can, whatever the node's time. Tests shorten it.
    /// </summary>
    internal TimeSpan RehearsalStall { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a reconfiguration waits for its modules to reach quiet moments before it is abandoned.</summary>
    public TimeSpan QuiesceTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the node records every reconfiguration; none by default. <c>midflight run</c> keeps a <see cref="SqliteEventLog"/> beside the configuration.</summary>
    public IEventLog? EventLog { get; init; }

    /// <summary>
    /// Where the members of stable groups keep their versions and states; none by default, and an
    /// application with a stable group does not start without one. <c>midflight run</c> keeps a
    /// <see cref="SqliteStableStore"/> beside the configuration.
    /// </summary>
    public IStableStore? StableStore { get; init; }

    /// <summary>
    /// How long after an update the new version is watched: if it fails in that time, the old version
    /// is reinstated automatically. Its code stays loaded until then.
    /// </summary>
    public TimeSpan HealthWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a new version in its health window may hold work — a request it read and has not
    /// answered, or messages queued for it — without reading or writing anything, before it is taken
    /// for stuck (a loop that never gives control back): it is then cut off from the bus and backed out.
    /// </summary>
    public TimeSpan ProgressTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many messages the queue of a use or server interface holds when its specification gives
    /// no <c>capacity</c>; a writer to a full queue waits until its reader has taken half.
    /// </summary>
    public int QueueCapacity
    {
        get;
        init => field = Model.InterfaceSpec.IsCapacity(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"a queue's capacity is from 1 to {Model.InterfaceSpec.MaximumCapacity} messages");
    } = 10_000;

    /// <summary>The other nodes of a cluster, as the cluster layer gives them; none for the embedded node.</summary>
    internal Cluster.IRemoteNodes? Cluster { get; init; }

    /// <summary>
    /// When set, the node loads new code for a change — an update, a replace of rebuilt code, a replica,
    /// a module added — only if it is signed by one of these keys (<c>midflight sign</c>), and refuses
    /// procedure updates, which compile source no signature covers. The code the application is
    /// launched with is the node's own. See docs/security.md.
    /// </summary>
    public Signing.TrustedKeys? TrustedKeys { get; init; }

    /// <summary>How long stopping the node waits for each module's run to return.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
