using System.Collections.Immutable;
using Midflight.Model;
using Midflight.Runtime.Bus;
using Midflight.Runtime.Cluster;

namespace Midflight.Runtime.Hosting;

/// <summary>
/// The module instances of a node and the bindings between them, at one moment: those it hosts, and,
/// in a cluster, those of the same application that other nodes host (<see cref="Remote"/>).
/// </summary>
internal sealed record ApplicationState(
    ImmutableDictionary<string, ModuleHost> Hosts,
    ImmutableDictionary<string, RemoteInstance> Remote,
    BindingTable Bindings)
{
    public static ApplicationState Empty { get; } = new(
        ImmutableDictionary.Create<string, ModuleHost>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, RemoteInstance>(StringComparer.Ordinal),
        BindingTable.Empty);

    /// <summary>How many instances the application has, wherever they run.</summary>
    public int Count => Hosts.Count + Remote.Count;

    /// <summary>The specification of the instance named, wherever it runs; null if the application has no such instance.</summary>
    public ModuleSpec? SpecOf(string instance) =>
        Hosts.TryGetValue(instance, out var host) ? host.Spec
        : Remote.TryGetValue(instance, out var remote) ? remote.Spec
        : null;

    /// <summary>Where a write to <paramref name="endpoint"/> goes from this node: the queue of a hosted instance, or the link to another node's.</summary>
    public Inbox InboxOf(Endpoint endpoint) =>
        Hosts.TryGetValue(endpoint.Instance, out var host) ? host.PortOf(endpoint.Interface).Queue!
        : Remote[endpoint.Instance].Inboxes[endpoint.Interface];
}

/// <summary>
/// What a node runs. Reconfigurations (one at a time) publish a whole new state with one volatile
/// write, so a reader on another thread — a status request — sees the state before a commit or the
/// one after, never a mixture.
/// </summary>
internal sealed class RunningApplication
{
    private ApplicationState _state = ApplicationState.Empty;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ModuleHost, string> _draining = new();

    public ApplicationState State
    {
        get => Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, value);
    }

    /// <summary>
    /// The old versions draining beside their successors (see <see cref="DeleteModule.Drained"/>): no
    /// longer of the application — their names are their successors' — but running until drained.
    /// </summary>
    public IEnumerable<ModuleHost> Draining => _draining.Keys;

    /// <summary>Keeps <paramref name="host"/> among the draining until <paramref name="drained"/> completes, then deletes it: <paramref name="ended"/> is told.</summary>
    public void Drain(ModuleHost host, Task drained, Action<ModuleHost> ended)
    {
        _draining[host] = host.InstanceName;
        // Not on the module's thread, on which the pause completes, inside its own lock.
        _ = drained.ContinueWith(_ =>
        {
            host.Retire();
            _draining.TryRemove(host, out string? _);
            ended(host);
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}
