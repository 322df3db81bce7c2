using System.Collections.Frozen;
using System.Collections.Immutable;
using Midflight.Model;
using Midflight.Runtime.Bus;
using Midflight.Runtime.Cluster;
using Midflight.Runtime.Hosting;
using Midflight.Runtime.Loading;

namespace Midflight.Runtime;

/// <summary>
/// What the cluster layer does with a node: give it its share of an application, deliver what other
/// nodes write to its instances, and move an instance out of it or into it. Each step is local; the
/// cluster layer (<see cref="IRemoteNodes"/>) orders them across nodes into one transaction, holding
/// the reconfiguration lock of every node it involves (<see cref="ExclusiveAsync"/>).
/// </summary>
public sealed partial class Node
{
    /// <summary>A node that runs nothing yet: a member of a cluster, waiting for its share of an application.</summary>
    internal static Node Create(NodeOptions options) => new(options, application: null);

    internal ApplicationState Application => _application.State;

    /// <summary>Carries out a reconfiguration on this node alone, as <see cref="ReconfigureAsync"/> does without a cluster.</summary>
    /// <remarks>
    /// A reconfiguration under way is activity, like a running module: the node is not idle until it
    /// is done, except while it waits for modules to reach quiet moments (see Quiescence).
    /// </remarks>
    internal Task<ReconfigurationResult> ReconfigureHereAsync(Reconfiguration reconfiguration, CancellationToken cancellationToken) =>
        WhileWorking(() => ReconfigureLockedAsync(reconfiguration, cancellationToken));

    private async Task<ReconfigurationResult> ReconfigureLockedAsync(Reconfiguration reconfiguration, CancellationToken cancellationToken)
    {
        var built = await BuildAheadAsync(SourcesAdded(reconfiguration), cancellationToken).ConfigureAwait(false);
        await _reconfiguring.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExecuteAsync(BuiltAhead(reconfiguration, built), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _reconfiguring.Release();
        }
    }

    /// <summary>Takes the reconfiguration lock for a change the cluster carries out across nodes; disposing the lease lets it go.</summary>
    internal async Task<IDisposable> ExclusiveAsync(CancellationToken cancellationToken)
    {
        await _reconfiguring.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(_reconfiguring);
    }

    private sealed class Lease(SemaphoreSlim held) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                held.Release();
            }
        }
    }

    /// <summary>
    /// Records where the instances this node does not host run, with links to them, and the bindings
    /// their writers make (this node carries those out only as their readers). Under the lock.
    /// </summary>
    internal void Place(IEnumerable<(string Name, ModuleSpec Spec, string Node)> elsewhere, IEnumerable<BindingSpec> writtenElsewhere, Func<Endpoint, Inbox> link)
    {
        var state = _application.State;
        _application.State = state with
        {
            Remote = state.Remote.SetItems(elsewhere.Select(r => KeyValuePair.Create(r.Name, Remote(r.Name, r.Spec, r.Node, link)))),
            Bindings = state.Bindings.With([], writtenElsewhere.Distinct().Where(b => !state.Bindings.Contains(b))),
        };
    }

    /// <summary>Forgets the application: its instances here are deleted, and what it knew of the others dropped. A launch that failed on another node. Under the lock.</summary>
    internal void Forget()
    {
        foreach (var host in _application.State.Hosts.Values)
        {
            host.Retire();
        }
        _application.State = ApplicationState.Empty;
    }

    /// <summary>The options the node runs with: a change across nodes takes its timeouts from them.</summary>
    internal NodeOptions Options => _options;

    /// <summary>The code of <paramref name="spec"/> as this node builds and loads it: what it ships to another node that is to run it.</summary>
    /// <exception cref="ReconfigurationException">It does not build or load.</exception>
    internal async Task<ModuleImage> ImageOfAsync(ModuleSpec spec, bool rebuild, CancellationToken cancellationToken)
    {
        try
        {
            var code = await _loader.AcquireAsync(spec, rebuild, cancellationToken).ConfigureAwait(false);
            code.Release();
            return code.Image;
        }
        catch (ModuleLoadException exception)
        {
            throw new ReconfigurationException(exception.Message, exception);
        }
    }

    /// <summary>Keeps the assembly another node shipped in <paramref name="folder"/>, named by its content, and gives the image to load.</summary>
    internal static ModuleImage KeepImage(string folder, string assemblyName, byte[] assembly)
    {
        var hash = ModuleImage.HashOf(assembly);
        var kept = Path.Combine(folder, hash[..16]);
        Directory.CreateDirectory(kept);
        var path = Path.Combine(kept, Path.GetFileName(assemblyName));
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, assembly);
        }
        return new ModuleImage(path, assembly, hash);
    }

    /// <summary>Writes an event of the cluster to the event log: a node lost, and its instances with it.</summary>
    internal async Task RecordClusterEventAsync(string title, string error)
    {
        var at = _services.Time.GetUtcNow();
        await RecordAsync(new Reconfiguration([]) { Title = title, RequestedBy = "cluster" }, null, at, TimeSpan.Zero, TimeSpan.Zero, error).ConfigureAwait(false);
    }

    private static RemoteInstance Remote(string name, ModuleSpec spec, string node, Func<Endpoint, Inbox> link) =>
        new(name, spec, node, spec.Interfaces.Where(i => i.Incoming is not null).ToFrozenDictionary(i => i.Name, i => link(new Endpoint(name, i.Name)), StringComparer.Ordinal));

    /// <summary>The queue of a hosted instance's interface, for what another node writes to it; null if it is not hosted here (any more).</summary>
    internal InterfaceQueue? HostedQueue(Endpoint endpoint) =>
        _application.State.Hosts.TryGetValue(endpoint.Instance, out var host) && host.TryPortOf(endpoint.Interface, out var port) ? port.Queue : null;

    /// <summary>Where a write to <paramref name="endpoint"/> goes from this node, for a reply another node's request asks for.</summary>
    internal Inbox InboxOf(Endpoint endpoint) => _application.State.InboxOf(endpoint);

    /// <summary>
    /// Holds a hosted instance still to move it to another node: a prepared one stops at its next
    /// reconfiguration point with its stack captured; one without points parks at a quiet moment, to
    /// divulge its state. Under the lock. On a failure it goes on as if nothing had been asked.
    /// </summary>
    /// <exception cref="ReconfigurationException">It is not hosted here, or reached no point (no quiet moment) in time.</exception>
    internal async Task<ModuleHost> CaptureToMoveAsync(string instance, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var host = _application.State.Hosts.GetValueOrDefault(instance)
            ?? throw new ReconfigurationException($"there is no instance '{instance}' on node '{_options.Cluster?.LocalNode}'; the application is unchanged");
        if (host.IsPrepared)
        {
            await CaptureAtPointAsync(host, timeout, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await HoldStillAsync(host, h => h.PauseAsync(), "quiet moment", timeout, cancellationToken).ConfigureAwait(false);
        }
        return host;
    }

    /// <summary>Asks <paramref name="host"/> to <paramref name="hold"/> still at its next <paramref name="moment"/>, and waits.</summary>
    /// <exception cref="ReconfigurationException">It reached none in time: it goes on as if nothing had been asked.</exception>
    private async Task HoldStillAsync(ModuleHost host, Func<ModuleHost, Task> hold, string moment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModuleHost> busy;
        try
        {
            busy = await Quiescence.HoldAllAsync([host], hold, _services, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LetGo(host);
            throw;
        }
        if (busy.Count > 0)
        {
            LetGo(host);
            throw new ReconfigurationException($"'{host.InstanceName}' reached no {moment} within {timeout.TotalSeconds:0.###} s: it is {host.Activity}");
        }
    }

    /// <summary>An instance held still to move (<see cref="CaptureToMoveAsync"/>), and not shipped, goes on where it was.</summary>
    internal static void LetGo(ModuleHost held)
    {
        if (held.IsPrepared)
        {
            held.GiveUpCapture();
        }
        else
        {
            held.Resume();
        }
    }

    /// <summary>Asks <paramref name="host"/> to stop at its next point with its stack captured, and waits.</summary>
    /// <exception cref="ReconfigurationException">It is not prepared, reached no point in time, or ended; it goes on (or stays ended) as it was.</exception>
    private async Task CaptureAtPointAsync(ModuleHost host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var instance = host.InstanceName;
        if (!host.IsPrepared)
        {
            throw new ReconfigurationException($"'{instance}' runs code that is not prepared for automatic participation: it has no stack to capture (use Divulge)");
        }
        await HoldStillAsync(host, h => h.CaptureAsync(), "reconfiguration point", timeout, cancellationToken).ConfigureAwait(false);
        if (!host.IsCaptured)
        {
            throw new ReconfigurationException($"'{instance}' ended before it reached a reconfiguration point: it is {host.Activity}");
        }
    }

    /// <summary>
    /// Packs a captured instance for its new node, and from this moment sends on what is written to
    /// it here: this node's writers are pointed at <paramref name="link"/> (the cluster holds what they
    /// write until the move commits or aborts), and its queues, retired, forward the writes that were
    /// under way. Under the lock; the instance stays captured here until <see cref="Depart"/>.
    /// </summary>
    /// <exception cref="ReconfigurationException">Its state cannot be captured: nothing is changed, and it resumes its own stack.</exception>
    internal ShippedInstance ShipOut(ModuleHost host, Func<Endpoint, Inbox> link)
    {
        var name = host.InstanceName;
        var snapshot = State.SnapshotBuffers.Rent();
        var frames = 0;
        DivulgedState? divulged = null;
        try
        {
            if (host.IsPrepared)
            {
                var taken = host.TakeSnapshot();
                frames = taken.Frames.Count;
                State.SnapshotCodec.Encode(taken, snapshot);
            }
            else
            {
                divulged = new DivulgedState();
                host.Module.Divulge(divulged);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            snapshot.Dispose();
            LetGo(host);
            throw new ReconfigurationException($"the state of '{name}' cannot be {(host.IsPrepared ? "captured" : "divulged")}: {exception.Message}; it goes on from where it stopped", exception);
        }
        var state = _application.State;
        Retarget(state, name, endpoint => link(endpoint));
        var queues = ImmutableArray.CreateBuilder<ShippedQueue>();
        foreach (var port in host.Ports.Where(p => p.Queue is not null))
        {
            var queue = port.Queue!;
            queue.BeginRetirement();
            var messages = queue.Snapshot().Select(e => new ShippedMessage(e.Message, e.ReplyTo?.Endpoint)).ToImmutableArray();
            queue.CompleteRetirement(link(queue.Endpoint));
            queues.Add(new ShippedQueue(port.Spec.Name, messages));
        }
        var owed = host.Ports.Where(p => p.RepliesOwedCount > 0)
            .Select(p => new ShippedReplies(p.Spec.Name, [.. p.RepliesOwed.Select(i => i.Endpoint)]))
            .ToImmutableArray();
        return new ShippedInstance(name, host.Spec, snapshot.GetBuffer().AsMemory(0, (int)snapshot.Length), frames, queues.ToImmutable(), owed, host.RequestsInProgress)
        {
            Buffer = snapshot,
            Divulged = divulged,
        };
    }

    /// <summary>Points this node's writers to <paramref name="instance"/>'s interfaces at <paramref name="inbox"/>.</summary>
    private static void Retarget(ApplicationState state, string instance, Func<Endpoint, Inbox> inbox)
    {
        foreach (var writer in state.Bindings.Touching(instance).Where(b => b.To.Instance == instance).GroupBy(b => b.From))
        {
            if (state.Hosts.TryGetValue(writer.Key.Instance, out var host) && writer.Key.Instance != instance)
            {
                var port = host.PortOf(writer.Key.Interface);
                port.Targets = [.. port.Targets.Select(t => t.Endpoint.Instance == instance ? inbox(t.Endpoint) : t)];
            }
        }
    }

    /// <summary>The code a hosted instance runs, as it was built: what a move sends ahead to the instance's new node.</summary>
    internal ModuleImage ImageOf(string instance) =>
        (_application.State.Hosts.GetValueOrDefault(instance)
            ?? throw new ReconfigurationException($"there is no instance '{instance}' on node '{_options.Cluster?.LocalNode}'")).Code.Image;

    /// <summary>Loads the code another node sent ahead for an instance moving here (kept in <paramref name="imageFolder"/>), with one reference taken for the caller.</summary>
    /// <exception cref="ReconfigurationException">It does not load: nothing here is changed.</exception>
    internal ModuleCode LoadShipped(ModuleSpec spec, string assemblyName, byte[] assembly, string imageFolder)
    {
        try
        {
            return _loader.Acquire(spec, KeepImage(imageFolder, assemblyName, assembly));
        }
        catch (Exception exception) when (exception is ModuleLoadException or IOException or UnauthorizedAccessException)
        {
            throw new ReconfigurationException($"node '{_options.Cluster?.LocalNode}' cannot load the code of '{spec.Name}': {exception.Message}", exception);
        }
    }

    /// <summary>The code an instance captured here runs, with one more reference taken: for it to resume here after all, from its snapshot.</summary>
    internal static ModuleCode CodeOf(ModuleHost captured) =>
        captured.Code.TryAcquire() ? captured.Code : throw new InvalidOperationException($"the code of '{captured.InstanceName}' is unloaded while it is captured");

    /// <summary>
    /// Makes a shipped instance ready to run here in <paramref name="code"/> (whose reference it takes
    /// over): its state restored, its queues and requests taken over. Not started, and not yet hosted:
    /// <see cref="Admit"/> does both.
    /// </summary>
    /// <exception cref="ReconfigurationException">The state does not fit the code: nothing here is changed.</exception>
    internal ModuleHost Receive(ShippedInstance shipped, ModuleCode code)
    {
        ModuleHost host;
        try
        {
            host = new ModuleHost(shipped.Name, shipped.Spec, code, _services);
        }
        catch (Exception exception) when (exception is ModuleLoadException or System.Reflection.TargetInvocationException)
        {
            code.Release();
            throw new ReconfigurationException($"node '{_options.Cluster?.LocalNode}' cannot make an instance of '{shipped.Name}': {exception.Message}", exception);
        }
        try
        {
            if (shipped.Divulged is { } divulged)
            {
                Install(host, divulged);
            }
            else
            {
                host.Restore(State.SnapshotCodec.Decode(shipped.Snapshot), handOver: true);
            }
            var state = _application.State;
            Inbox Resolve(Endpoint endpoint) => endpoint.Instance == shipped.Name ? host.PortOf(endpoint.Interface).Queue! : state.InboxOf(endpoint);
            foreach (var queue in shipped.Queues)
            {
                host.PortOf(queue.Interface).Queue!.EnqueueCopied([.. queue.Messages.Select(m => new Envelope(m.Message, m.ReplyTo is { } to ? Resolve(to) : null))]);
            }
            host.TakeOverRequests(shipped.Owed.ToDictionary(o => o.Interface, o => o.To.Select(Resolve).ToArray()), shipped.RequestsInProgress);
            foreach (var binding in state.Bindings.Touching(shipped.Name).Where(b => b.From.Instance == shipped.Name).GroupBy(b => b.From.Interface))
            {
                host.PortOf(binding.Key).Targets = [.. binding.Select(b => Resolve(b.To))];
            }
            return host;
        }
        catch (Exception exception) when (exception is State.SnapshotFormatException or State.Graph.StateCaptureException or KeyNotFoundException or ReconfigurationException)
        {
            host.Delete();
            host.Dispose();
            throw new ReconfigurationException($"node '{_options.Cluster?.LocalNode}' cannot resume '{shipped.Name}': {exception.Message}", exception);
        }
    }

    /// <summary>An instance without points takes the state its old incarnation divulged, before it starts from the beginning of its run.</summary>
    /// <exception cref="ReconfigurationException">The module's <c>Install</c> failed.</exception>
    private static void Install(ModuleHost host, DivulgedState divulged)
    {
        try
        {
            host.Module.Install(divulged);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new ReconfigurationException($"it failed to install its state: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Hosts and starts an instance <see cref="Receive"/>d: it takes the place of the link to it (or of
    /// its old incarnation here, when a move is abandoned), and this node's writers write to its queues
    /// directly again. Under the lock.
    /// </summary>
    /// <param name="host">The instance received.</param>
    /// <param name="whenHosted">Called once it is hosted, before this node's writers are pointed at its queues: the cluster lets go there the writes it held, which come first.</param>
    internal void Admit(ModuleHost host, Action whenHosted)
    {
        var name = host.InstanceName;
        var state = _application.State;
        var old = state.Hosts.GetValueOrDefault(name);
        var admitted = state with { Hosts = state.Hosts.SetItem(name, host), Remote = state.Remote.Remove(name) };
        _application.State = admitted;
        whenHosted();
        Retarget(admitted, name, endpoint => host.PortOf(endpoint.Interface).Queue!);
        old?.Retire();
        host.Start();
    }

    /// <summary>The instance shipped out now runs on <paramref name="node"/>: its incarnation here, captured, is deleted. Under the lock.</summary>
    internal void Depart(string instance, ModuleSpec spec, string node, Func<Endpoint, Inbox> link)
    {
        var state = _application.State;
        var old = state.Hosts[instance];
        _application.State = state with { Hosts = state.Hosts.Remove(instance), Remote = state.Remote.SetItem(instance, Remote(instance, spec, node, link)) };
        old.Retire();
    }

    /// <summary>Another node now runs <paramref name="instance"/>, with <paramref name="spec"/>; links to it resolve there. Under the lock.</summary>
    internal void Relocate(string instance, ModuleSpec spec, string node, Func<Endpoint, Inbox> link)
    {
        var state = _application.State;
        if (state.Remote.ContainsKey(instance))
        {
            _application.State = state with { Remote = state.Remote.SetItem(instance, Remote(instance, spec, node, link)) };
        }
    }

    /// <summary>Marks the instances <paramref name="node"/> ran as lost: it has left the cluster.</summary>
    /// <returns>The instances lost.</returns>
    internal IReadOnlyList<string> Lose(string node)
    {
        var state = _application.State;
        var lost = state.Remote.Values.Where(r => r.Node == node && !r.IsLost).ToList();
        _application.State = state with { Remote = state.Remote.SetItems(lost.Select(r => KeyValuePair.Create(r.Name, r with { IsLost = true }))) };
        var names = lost.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        // A client waiting for a lost server's reply would wait for ever: its read throws instead.
        foreach (var binding in state.Bindings.Where(b => names.Contains(b.To.Instance) && state.Hosts.ContainsKey(b.From.Instance)))
        {
            var client = state.Hosts[binding.From.Instance];
            if (client.PortOf(binding.From.Interface).Spec.Kind == InterfaceKind.Client)
            {
                client.Unanswerable(binding.From.Interface, $"'{binding.To}' was lost with node '{node}', which left the cluster: the reply to '{binding.From}' will not come");
            }
        }
        return [.. names];
    }
}
