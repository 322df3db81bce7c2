using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Midflight.Model;
using Midflight.Runtime.Bus;
using Midflight.Runtime.Hosting;
using Midflight.Runtime.Loading;
using Midflight.Runtime.Updates;

namespace Midflight.Runtime;

/// <summary>
/// A Midflight node: hosts an application's module instances, routes their messages along the
/// bindings, and changes the application while it runs, one reconfiguration at a time.
/// </summary>
public sealed partial class Node : IAsyncDisposable
{
    private readonly SemaphoreSlim _reconfiguring = new(1, 1);
    private readonly RunningApplication _application = new();
    private readonly ModuleLoader _loader;
    private readonly BusServices _services;
    private readonly NodeOptions _options;
    private readonly ILogger _logger;
    private readonly HealthWindows _healthWindows;
    private readonly Telemetry.NodeMetrics _metrics;
    private readonly ReconfigurationFeed _eventLog; // the options' log, or the last reconfigurations in memory
    private readonly PauseForecast _pauses = new();
    // What each instance ran before its last update, for a rollback: its specification, and its code as built.
    private readonly ConcurrentDictionary<string, (ModuleSpec Spec, ModuleImage Image)> _previousVersions = new(StringComparer.Ordinal);
    // Instances whose last update handed their lazily converted objects over as they were: nothing to roll back to.
    private readonly ConcurrentDictionary<string, bool> _carriedLazily = new(StringComparer.Ordinal);
    private bool _stopped;
    private StableGroups? _stable;
    private EquatableArray<GroupSpec> _groups = [];

    private Node(NodeOptions options, string? application)
    {
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<Node>();
        _loader = new ModuleLoader(options.ProjectBuilder, options.BaseDirectory, options.TrustedKeys);
        _healthWindows = new HealthWindows(options.Time, options.HealthWindow, options.ProgressTimeout,
            (updates, reason, stuck) => BackOutAsync(updates, $"midflight (backout: the new version {(stuck ? "is stuck" : "failed")}: {reason})", stuck), _logger);
        _eventLog = new ReconfigurationFeed(options.EventLog ?? new MemoryEventLog(MemoryEventLogCapacity));
        _metrics = new Telemetry.NodeMetrics(options.MeterFactory, application, options.Cluster?.LocalNode, () => _application.State.Hosts.Values, () => _healthWindows.Count);
        _services = new BusServices(options.Time, options.LoggerFactory, options.Output, options.Tracer, new ActivityTracker(), options.QueueCapacity) { Metrics = _metrics };
    }

    /// <summary>Starts a node running <paramref name="configuration"/>'s application.</summary>
    /// <exception cref="ReconfigurationException">The application could not be started; nothing runs.</exception>
    public static async Task<Node> StartAsync(Configuration configuration, NodeOptions options, CancellationToken cancellationToken = default)
    {
        var node = new Node(options, configuration.Application.Name)
        {
            _groups = configuration.Application.Groups,
            _stable = StableGroups.Of(configuration.Application, options.StableStore, options.Time),
        };
        if (node._stable is not null && options.Cluster is not null)
        {
            throw new ReconfigurationException("stable groups run on the embedded node: a cluster does not keep their state yet; nothing runs");
        }
        var recovered = node._stable?.Recover() ?? new Dictionary<string, StableRecord>();
        await node.ReconfigureAsync(Scripts.Launch(configuration, recovered), cancellationToken).ConfigureAwait(false);
        foreach (var record in recovered.Values)
        {
            node.LogRecovered(record.Instance, record.Group, record.Version.Source, record.Version.Hash, record.At);
        }
        node._loader.Launched();
        node.WarmUpProcedureCompiler();
        return node;
    }

    /// <summary>Carries out a reconfiguration as one transaction: all of its steps, or, if any fails, none.</summary>
    /// <exception cref="ReconfigurationException">It did not happen; the application is as it was.</exception>
    /// <remarks>
    /// Not an async method: the task returned is the one the node counts as activity until it completes,
    /// so a caller on fake time that sees the node idle sees this task completed too — an async wrapper
    /// would complete a moment after the work it wraps, a moment in which the node looks idle.
    /// </remarks>
    public Task<ReconfigurationResult> ReconfigureAsync(Reconfiguration reconfiguration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reconfiguration);
        if (reconfiguration.Steps.Any(s => s is UpdateProcedures))
        {
            return UpdateProceduresInTurnAsync(reconfiguration, cancellationToken);
        }
        if (_options.Cluster is { } cluster && cluster.Spans(this, reconfiguration))
        {
            return WhileWorking(() => RecordedAsync(reconfiguration, () => cluster.CarryOutAsync(this, reconfiguration, cancellationToken), cancellationToken));
        }
        return ReconfigureHereAsync(reconfiguration, cancellationToken);
    }

    /// <summary>
    /// Counts <paramref name="operation"/> as activity, like a running module, until its task has
    /// completed — released by a continuation of the task, so that whoever sees the node idle sees the
    /// operation completed too, never the moment between.
    /// </summary>
    private Task<T> WhileWorking<T>(Func<Task<T>> operation)
    {
        var working = _services.Activity.Working();
        Task<T> task;
        try
        {
            task = operation();
        }
        catch
        {
            working.Dispose();
            throw;
        }
        _ = task.ContinueWith(static (_, scope) => ((IDisposable)scope!).Dispose(), working,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>
    /// Builds the projects of <paramref name="sources"/> before a change takes the reconfiguration
    /// lock, so that a build of seconds holds up no other change — a backout least of all.
    /// </summary>
    /// <returns>Each source built, with its build's failure if it failed.</returns>
    private async Task<IReadOnlyDictionary<ModuleSource, ModuleLoadException?>> BuildAheadAsync(
        IEnumerable<(ModuleSource Source, bool Rebuild)> sources, CancellationToken cancellationToken)
    {
        var built = new Dictionary<ModuleSource, ModuleLoadException?>();
        // A project once, whichever of its classes the change names: a group's members often share one.
        foreach (var project in sources.Where(s => s.Source.IsProject).Distinct().GroupBy(s => (s.Source.Path, s.Rebuild)))
        {
            ModuleLoadException? failure = null;
            try
            {
                await _loader.BuildAsync(project.First().Source, project.Key.Rebuild, cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleLoadException exception)
            {
                failure = exception;
            }
            foreach (var (source, _) in project)
            {
                built[source] = failure;
            }
        }
        return built;
    }

    private static IEnumerable<(ModuleSource Source, bool Rebuild)> SourcesAdded(Reconfiguration reconfiguration) =>
        reconfiguration.Steps.OfType<AddModule>().Where(a => a.Code is null && a.Image is null).Select(a => (a.Spec.Source, a.Rebuild));

    /// <summary>
    /// <paramref name="reconfiguration"/>, its modules from the <paramref name="built"/> sources
    /// marked, so that the transaction only loads them, or refuses at their step if the build failed.
    /// </summary>
    private static Reconfiguration BuiltAhead(Reconfiguration reconfiguration, IReadOnlyDictionary<ModuleSource, ModuleLoadException?> built) =>
        reconfiguration with
        {
            Steps = [.. reconfiguration.Steps.Select(s => s is AddModule { Code: null, Image: null } add && built.TryGetValue(add.Spec.Source, out var failure)
                ? add with { BuiltAhead = failure is null, BuildFailure = failure }
                : s)],
        };

    /// <summary>One transaction, recorded in the event log whatever its outcome; the caller holds the reconfiguration lock.</summary>
    private Task<ReconfigurationResult> ExecuteAsync(Reconfiguration reconfiguration, CancellationToken cancellationToken) =>
        RecordedAsync(reconfiguration, async () =>
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var transaction = NewTransaction();
            var result = await transaction.ExecuteAsync(reconfiguration, cancellationToken).ConfigureAwait(false);
            foreach (var update in result.Updated)
            {
                _previousVersions[update.Host.InstanceName] = (update.OldSpec, update.OldCode.Image);
                _carriedLazily.TryRemove(update.Host.InstanceName, out _);
            }
            foreach (var instance in result.CarriedLazily)
            {
                _previousVersions.TryRemove(instance, out _);
                _carriedLazily[instance] = true;
            }
            _healthWindows.Follow(result.Continued);
            _healthWindows.Open(result.Updated);
            return result;
        }, cancellationToken);

    private ReconfigurationTransaction NewTransaction() => new(_application, _loader, _services, _options, _logger, _pauses, _stable);

    /// <summary>Carries out a reconfiguration with <paramref name="carryOut"/>, recorded in the event log as it begins and as it ends, whatever its outcome.</summary>
    private async Task<ReconfigurationResult> RecordedAsync(Reconfiguration reconfiguration, Func<Task<ReconfigurationResult>> carryOut, CancellationToken cancellationToken)
    {
        using var trace = Telemetry.ReconfigurationTrace.Begin(reconfiguration);
        var at = _services.Time.GetUtcNow();
        var id = await BeginRecordAsync(reconfiguration, at).ConfigureAwait(false);
        try
        {
            var result = await carryOut().ConfigureAwait(false);
            Telemetry.ReconfigurationTrace.Committed(trace, result);
            await RecordAsync(reconfiguration, id, at, result.Duration, result.Paused, null).ConfigureAwait(false);
            return result;
        }
        catch (ReconfigurationException exception)
        {
            Telemetry.ReconfigurationTrace.Failed(trace, exception.Message);
            await RecordRefusalAsync(reconfiguration, id, at, exception).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Telemetry.ReconfigurationTrace.Failed(trace, "cancelled");
            await RecordCancellationAsync(reconfiguration, id, at).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Checks, without stopping anything, what can be checked of a reconfiguration before it runs (see
    /// <see cref="ReconfigurationTransaction.CheckAsync"/>); a refusal is recorded in the event log.
    /// The caller holds the reconfiguration lock.
    /// </summary>
    private async Task CheckAsync(Reconfiguration reconfiguration, CancellationToken cancellationToken)
    {
        // Not recorded as it begins: a check changes nothing, so a node that dies in one leaves nothing to mark.
        var at = _services.Time.GetUtcNow();
        long? id = null;
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            await NewTransaction().CheckAsync(reconfiguration, cancellationToken).ConfigureAwait(false);
        }
        catch (ReconfigurationException exception)
        {
            await RecordRefusalAsync(reconfiguration, id, at, exception).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RecordCancellationAsync(reconfiguration, id, at).ConfigureAwait(false);
            throw;
        }
    }

    private async Task RecordRefusalAsync(Reconfiguration reconfiguration, long? id, DateTimeOffset at, ReconfigurationException exception)
    {
        LogRefused(exception.Message);
        await RecordAsync(reconfiguration, id, at, _services.Time.GetUtcNow() - at, TimeSpan.Zero, exception.Message).ConfigureAwait(false);
    }

    /// <summary>A change whose caller stopped waiting (a client that went away, a host shutting down) before it committed.</summary>
    private async Task RecordCancellationAsync(Reconfiguration reconfiguration, long? id, DateTimeOffset at)
    {
        LogCancelled(reconfiguration.Title);
        await RecordAsync(reconfiguration, id, at, _services.Time.GetUtcNow() - at, TimeSpan.Zero,
            "cancelled: its caller stopped waiting before it committed; the application is unchanged").ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the reconfiguration to the event log as it begins, so that a node killed before it ends
    /// leaves a log that says which change it was in (the next node marks it interrupted).
    /// </summary>
    /// <returns>Its entry, or null when the log failed.</returns>
    private async Task<long?> BeginRecordAsync(Reconfiguration reconfiguration, DateTimeOffset at)
    {
        var id = await Recorded(reconfiguration.Title, () => _eventLog.AppendAsync(Entry(reconfiguration, at, TimeSpan.Zero, TimeSpan.Zero, ReconfigurationOutcome.InProgress, null), CancellationToken.None)).ConfigureAwait(false);
        // Said once it is in the log: from this line on, a node that dies leaves the change marked.
        LogBegun(reconfiguration.Title, reconfiguration.RequestedBy);
        return id;
    }

    /// <summary>Writes how the reconfiguration ended: on its entry begun, or as a whole entry if it has none; and counts it.</summary>
    private async Task RecordAsync(Reconfiguration reconfiguration, long? id, DateTimeOffset at, TimeSpan duration, TimeSpan paused, string? error)
    {
        var outcome = error is null ? ReconfigurationOutcome.Committed : ReconfigurationOutcome.Failed;
        _metrics.Reconfigured(outcome, duration, paused);
        await Recorded(reconfiguration.Title, async () =>
        {
            if (id is { } begun)
            {
                await _eventLog.EndAsync(begun, duration, paused, outcome, error, CancellationToken.None).ConfigureAwait(false);
                return begun;
            }
            return await _eventLog.AppendAsync(Entry(reconfiguration, at, duration, paused, outcome, error), CancellationToken.None).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static ReconfigurationEvent Entry(Reconfiguration reconfiguration, DateTimeOffset at, TimeSpan duration, TimeSpan paused, ReconfigurationOutcome outcome, string? error) =>
        new(0, at, reconfiguration.RequestedBy, reconfiguration.Title, reconfiguration.ToString().TrimEnd('\n'), reconfiguration.Steps.Length, duration, paused, outcome, error);

    /// <summary>A write to the event log. A log that fails loses the entry, never the change.</summary>
    private async Task<long?> Recorded(string title, Func<Task<long>> write)
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The change is made (or refused) already; a broken log must not turn it into an error.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogNotRecorded(exception, title);
            return null;
        }
    }

    /// <summary>Replaces an instance by a new one at its next quiet moment (see <see cref="Scripts.Replace"/>).</summary>
    public Task<ReconfigurationResult> ReplaceAsync(string instance, ModuleSpec? spec = null, CancellationToken cancellationToken = default) =>
        ReconfigureAsync(Scripts.Replace(StatusAround(instance), instance, spec), cancellationToken);

    /// <summary>Updates an instance to a new version of its code (see <see cref="Scripts.Update"/>), at its next reconfiguration point.</summary>
    /// <exception cref="ReconfigurationException">The new version does not fit, or the moment did not come; the old version runs on, untouched.</exception>
    public Task<ReconfigurationResult> UpdateAsync(string instance, ModuleSource source, CancellationToken cancellationToken = default) =>
        ReconfigureAsync(Scripts.Update(StatusAround(instance), instance, source), cancellationToken);

    /// <summary>
    /// Updates an instance to a new version that serves beside the old one until the old has answered
    /// the requests it had read (see <see cref="Scripts.UpdateDraining"/>).
    /// </summary>
    /// <exception cref="ReconfigurationException">The old version keeps state, the new one does not fit, or the old made no read, write or delay in time; it runs on, untouched.</exception>
    public Task<ReconfigurationResult> UpdateDrainingAsync(string instance, ModuleSource source, CancellationToken cancellationToken = default) =>
        ReconfigureAsync(Scripts.UpdateDraining(StatusAround(instance), instance, source), cancellationToken);

    /// <summary>Replaces every member of a group in one transaction (see <see cref="Scripts.ReplaceGroup"/>).</summary>
    /// <exception cref="ReconfigurationException">There is no such group, or a member could not switch; no member did.</exception>
    public Task<ReconfigurationResult> ReplaceGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        var spec = GroupNamed(group);
        return ReconfigureAsync(Scripts.ReplaceGroup(StatusAround(spec.Members), spec), cancellationToken);
    }

    /// <summary>
    /// Updates members of a group to new versions, and replaces the rest, in one transaction (see
    /// <see cref="Scripts.UpdateGroup"/>): all members switch, each state mapped by its version's
    /// mappers, or none does.
    /// </summary>
    /// <exception cref="ReconfigurationException">There is no such group, a source names no member, or a version does not fit; no member switched.</exception>
    public Task<ReconfigurationResult> UpdateGroupAsync(string group, IReadOnlyDictionary<string, ModuleSource> sources, CancellationToken cancellationToken = default)
    {
        var spec = GroupNamed(group);
        return ReconfigureAsync(Scripts.UpdateGroup(StatusAround(spec.Members), spec, sources), cancellationToken);
    }

    private GroupSpec GroupNamed(string group) => _groups.FirstOrDefault(g => g.Name == group)
        ?? throw new ReconfigurationException($"there is no group '{group}'{(_groups.Count == 0 ? "" : $" (the groups: {string.Join(", ", _groups.Select(g => g.Name))})")}; the application is unchanged");

    /// <summary>
    /// Reinstates the version an instance ran before its last update. By default the running version
    /// hands its state back (an update to the old code, which must fit the state as it is now), so
    /// nothing it did is lost. With <paramref name="fromSnapshot"/>, within the update's health
    /// window, the old version is reinstated from the snapshot taken at the switch and what the new
    /// version read since is replayed to it, as an automatic backout does: right when the old version
    /// would have handled those messages as the new one did.
    /// </summary>
    /// <exception cref="ReconfigurationException">There is no update to roll back, or the old version does not fit; nothing changed.</exception>
    public async Task<ReconfigurationResult> RollbackAsync(string instance, string requestedBy, bool fromSnapshot = false, CancellationToken cancellationToken = default)
    {
        if (_options.Cluster is { } cluster && _application.State.Remote.ContainsKey(instance))
        {
            var elsewhere = new Reconfiguration([]) { Title = $"rollback {instance}{(fromSnapshot ? " from its snapshot" : "")}", RequestedBy = requestedBy };
            return await RecordedAsync(elsewhere, () => cluster.RollbackAsync(this, instance, requestedBy, fromSnapshot, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        if (fromSnapshot)
        {
            var update = _healthWindows.Take(instance) ?? throw NoHealthWindow(instance);
            return await BackOutAsync([update], requestedBy, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        var rollback = PlanRollback(instance, fromSnapshot: false) with { RequestedBy = requestedBy };
        var result = await ReconfigureAsync(rollback, cancellationToken).ConfigureAwait(false);
        _previousVersions.TryRemove(instance, out _);
        return result;
    }

    /// <summary>
    /// The transaction <see cref="RollbackAsync"/> would carry out for an instance hosted here, for a
    /// dry run (<see cref="DryRunAsync"/>): nothing is taken out of a health window.
    /// </summary>
    /// <exception cref="ReconfigurationException">There is no update to roll back, or the instance runs on another node.</exception>
    public Reconfiguration PlanRollback(string instance, bool fromSnapshot)
    {
        if (_application.State.Remote.ContainsKey(instance))
        {
            throw new ReconfigurationException($"'{instance}' runs on another node: a rollback there has no dry run here");
        }
        if (fromSnapshot)
        {
            return Scripts.Backout(StatusAround(instance), [_healthWindows.Peek(instance) ?? throw NoHealthWindow(instance)]);
        }
        if (_carriedLazily.ContainsKey(instance))
        {
            throw new ReconfigurationException($"the last update of '{instance}' handed its lazily converted objects to the new version as they were, and converts them as they are asked for: the old version cannot take them back; update it to a version that does what the old one did instead; the application is unchanged");
        }
        return _previousVersions.TryGetValue(instance, out var previous)
            ? Scripts.Rollback(StatusAround(instance), instance, previous.Spec, previous.Image)
            : throw new ReconfigurationException($"'{instance}' has not been updated: there is no version to roll back to; the application is unchanged");
    }

    private static ReconfigurationException NoHealthWindow(string instance) =>
        new($"'{instance}' has no update in its health window: there is no snapshot to roll back to; roll back without --from-snapshot to move its state to the old version");

    /// <summary>Reinstates the versions updates replaced, from the snapshots taken at the switch, with what the new versions read since replayed: one transaction for all.</summary>
    /// <param name="updates">The updates in their health windows, taken out of watch; the first is the one that failed, the others were updated in its transaction.</param>
    /// <param name="requestedBy">Who asks: a person, or the node itself for an automatic backout (whose failure is logged, not thrown).</param>
    /// <param name="stuck">Whether the first new version is stuck: it is deleted by force, cut off without waiting for a quiet moment it will never reach.</param>
    /// <param name="cancellationToken">Stops the wait for the reconfiguration lock and quiet moments.</param>
    private async Task<ReconfigurationResult> BackOutAsync(IReadOnlyList<UpdatedInstance> updates, string requestedBy, bool stuck = false, CancellationToken cancellationToken = default)
    {
        var instances = updates.Select(u => u.Host.InstanceName).ToList();
        try
        {
            var backout = Scripts.Backout(StatusAround(instances), updates, force: stuck) with { RequestedBy = requestedBy };
            var result = await ReconfigureAsync(backout, cancellationToken).ConfigureAwait(false);
            foreach (var instance in instances)
            {
                _metrics.BackedOut(instance);
                _previousVersions.TryRemove(instance, out _);
            }
            return result;
        }
        catch (Exception exception) when (exception is ReconfigurationException or ObjectDisposedException && requestedBy.StartsWith("midflight (backout", StringComparison.Ordinal))
        {
            // Automatic: nobody awaits it. The failure is in the log and the event log.
            LogBackoutFailed(exception, string.Join(", ", instances));
            return new ReconfigurationResult(0, TimeSpan.Zero, TimeSpan.Zero);
        }
        finally
        {
            foreach (var update in updates)
            {
                update.Host.EndProbation();
                HealthWindows.Finish(update);
            }
        }
    }

    /// <summary>
    /// The state of a running prepared instance, taken at its next reconfiguration point: it stops
    /// there, its stack and fields are captured, and it resumes its own stack, as if it had not stopped.
    /// </summary>
    /// <exception cref="ReconfigurationException">There is no such instance, it is not prepared, or it reached no point in time.</exception>
    public async Task<State.Snapshot> CaptureStateAsync(string instance, CancellationToken cancellationToken = default)
    {
        if (_options.Cluster is { } cluster && _application.State.Remote.ContainsKey(instance))
        {
            return await cluster.CaptureStateAsync(this, instance, cancellationToken).ConfigureAwait(false);
        }
        return await LookAtPointAsync(instance, (_, snapshot) => snapshot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops a hosted prepared instance at its next point, takes its snapshot and hands it to
    /// <paramref name="look"/> — which runs while the instance stands still, with its stack captured —
    /// and lets it resume its own stack, as if it had not stopped.
    /// </summary>
    /// <exception cref="ReconfigurationException">There is no such instance here, it is not prepared, or it reached no point in time.</exception>
    private async Task<T> LookAtPointAsync<T>(string instance, Func<ModuleHost, State.Snapshot, T> look, CancellationToken cancellationToken)
    {
        using var working = _services.Activity.Working();
        await _reconfiguring.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var host = _application.State.Hosts.GetValueOrDefault(instance)
                ?? throw new ReconfigurationException(_application.State.Remote.ContainsKey(instance)
                    ? $"'{instance}' runs on another node: ask that node"
                    : $"there is no instance '{instance}'");
            await CaptureAtPointAsync(host, _options.QuiesceTimeout, cancellationToken).ConfigureAwait(false);
            try
            {
                State.Snapshot snapshot;
                try
                {
                    // Copied: the module runs on with its arrays while the caller reads the snapshot.
                    snapshot = host.TakeSnapshot(borrow: false);
                    _pauses.Captured(instance, host.Spec.Name, new(snapshot.Frames.Count, snapshot.Heap.Count));
                }
                catch (State.Graph.StateCaptureException exception)
                {
                    throw new ReconfigurationException($"the state of '{instance}' cannot be captured: {exception.Message}; it goes on from where it stopped", exception);
                }
                return look(host, snapshot);
            }
            finally
            {
                host.ResumeOwnStack();
            }
        }
        finally
        {
            _reconfiguring.Release();
        }
    }

    /// <summary>The node's meter, for a listener that wants this node's instruments and no other's.</summary>
    internal System.Diagnostics.Metrics.Meter Meter => _metrics.Meter;

    /// <summary>Becomes dead once the code an instance runs now is unloaded and collected: how tests prove that old versions go away.</summary>
    internal WeakReference CodeOf(string instance) => _application.State.Hosts[instance].Code.ContextReference;

    /// <summary>The same for the code of a procedure update of an instance, while it is loaded.</summary>
    internal WeakReference ProcedureCodeOf(string instance, int version) =>
        _application.State.Hosts[instance].Procedures!.LoadedVersions.Single(v => v.Number == version).ContextReference;

    /// <summary>The instances and bindings now, with what each instance is doing and its queue depths.</summary>
    public ApplicationStatus Status
    {
        get
        {
            // Taken without the reconfiguration lock: a view may be a moment old, never half-committed.
            var state = _application.State;
            var instances = state.Hosts.Values.Select(StatusOf).Concat(state.Remote.Values.Select(StatusOf));
            return new ApplicationStatus([.. instances.OrderBy(i => i.Name, StringComparer.Ordinal)], state.Bindings.Listed)
            {
                Nodes = _options.Cluster?.Nodes(state) ?? [],
                Groups = _groups,
                Draining = [.. _application.Draining.Select(h => new DrainingStatus(h.InstanceName, h.Spec.Source, h.Activity, h.DrainingOwed ?? 0))
                    .OrderBy(d => d.Name, StringComparer.Ordinal)],
            };
        }
    }

    /// <summary>
    /// The status of <paramref name="instances"/> alone, with the bindings that touch them: all that a
    /// script about an instance or a group reads, at the cost of those instances however many the node
    /// runs. An instance the node lacks is left out, for the script to refuse.
    /// </summary>
    private ApplicationStatus StatusAround(params IReadOnlyCollection<string> instances)
    {
        var state = _application.State;
        var statuses = instances.Select(instance => state.Hosts.TryGetValue(instance, out var host) ? StatusOf(host)
            : state.Remote.TryGetValue(instance, out var remote) ? StatusOf(remote)
            : null).OfType<InstanceStatus>();
        return new ApplicationStatus([.. statuses], [.. instances.SelectMany(state.Bindings.Touching).Distinct()]) { Groups = _groups };
    }

    private InstanceStatus StatusOf(ModuleHost host) => new(
        host.InstanceName,
        host.Spec,
        host.Activity,
        host.Ports.Where(p => p.Queue is not null).ToImmutableDictionary(p => p.Spec.Name, p => p.Queue!.Count))
    {
        Node = _options.Cluster?.LocalNode,
        Procedures = host.Procedures?.Versions ?? ImmutableSortedDictionary<string, int>.Empty,
        SwitchHeldBy = host.Procedures?.Pending?.HeldBy,
        Messages = host.Ports.ToImmutableDictionary(p => p.Spec.Name, p => p.CountedSoFar),
        LazilyConverted = LazyMappers.Converted(host.Code.ModuleType.Assembly),
    };

    private static InstanceStatus StatusOf(Cluster.RemoteInstance remote) => new(
        remote.Name,
        remote.Spec,
        new ModuleActivity(remote.IsLost ? ModuleStatus.Lost : ModuleStatus.Remote, $"on node '{remote.Node}'"),
        ImmutableDictionary<string, int>.Empty) { Node = remote.Node };

    /// <summary>How many reconfigurations a node given no <see cref="NodeOptions.EventLog"/> keeps in memory, for <see cref="WatchReconfigurationsAsync"/>.</summary>
    public const int MemoryEventLogCapacity = 1000;

    /// <summary>
    /// The last <paramref name="history"/> reconfigurations of the event log, oldest first, then each
    /// one as it begins and again as it ends, until <paramref name="cancellationToken"/> is cancelled: a
    /// live timeline. An entry may come more than once under its <see cref="ReconfigurationEvent.Id"/>;
    /// the latest is how it stands. A watcher that falls far behind loses its oldest entries.
    /// Watching begins with the call, not with the first read, and ends when the timeline is read to
    /// its end or the token is cancelled: read it, or cancel the token.
    /// </summary>
    public IAsyncEnumerable<ReconfigurationEvent> WatchReconfigurationsAsync(int history, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(history);
        return _eventLog.WatchAsync(history, cancellationToken);
    }

    /// <summary>Completes when every module is blocked in a read, a delay or a pause, with nothing in flight to wake one.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) => _services.Activity.WhenIdleAsync(cancellationToken);

    /// <summary>As <see cref="WhenIdleAsync(CancellationToken)"/>, but with <paramref name="busy"/> modules known to run for ever (tests of a stuck version).</summary>
    internal Task WhenIdleAsync(int busy, CancellationToken cancellationToken) => _services.Activity.WhenIdleAsync(cancellationToken, busy);

    /// <summary>Pauses an instance at a quiet moment, has it divulge its state, and lets it go on.</summary>
    /// <exception cref="TimeoutException">The instance reached no quiet moment within <see cref="NodeOptions.QuiesceTimeout"/>.</exception>
    public async Task<DivulgedState> InspectStateAsync(string instance, CancellationToken cancellationToken = default)
    {
        using var working = _services.Activity.Working();
        await _reconfiguring.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var host = _application.State.Hosts.GetValueOrDefault(instance) ?? throw new KeyNotFoundException($"there is no instance '{instance}'");
            var wasPaused = host.IsPaused;
            if ((await Quiescence.HoldAllAsync([host], h => h.PauseAsync(), _services, _options.QuiesceTimeout, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                if (!wasPaused)
                {
                    host.Resume();
                }
                throw new TimeoutException($"'{instance}' reached no quiet moment within {_options.QuiesceTimeout.TotalSeconds:0.###} s: it is {host.Activity}");
            }
            try
            {
                var state = new DivulgedState();
                host.Module.Divulge(state);
                return state;
            }
            finally
            {
                if (!wasPaused)
                {
                    host.Resume();
                }
            }
        }
        finally
        {
            _reconfiguring.Release();
        }
    }

    /// <summary>
    /// Deletes every module and waits (up to <see cref="NodeOptions.StopTimeout"/>) for their runs to
    /// return. In a cluster, the node first lets go of its part in the moves under way, which may wait
    /// for a coordinator that died.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _options.Cluster?.Stopping();
        await _reconfiguring.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            var hosts = _application.State.Hosts.Values.ToList();
            // An old version draining is deleted too; it lets go of its resources as its drain ends.
            var draining = _application.Draining.ToList();
            foreach (var host in hosts.Concat(draining))
            {
                host.Delete();
            }
            foreach (var host in hosts.Concat(draining))
            {
                try
                {
                    await host.Exited.WaitAsync(_options.StopTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                    host.JoinThread(_options.StopTimeout);
                    if (!draining.Contains(host))
                    {
                        host.Dispose();
                    }
                }
                catch (TimeoutException)
                {
                    LogStuck(host.InstanceName, _options.StopTimeout.TotalSeconds);
                }
            }
            _application.State = ApplicationState.Empty;
        }
        finally
        {
            _reconfiguring.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _healthWindows.Dispose();
        _reconfiguring.Dispose();
        _metrics.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Module {Instance} of stable group {Group} started from the stable store: version {Source} (SHA-256 {Hash}), state committed at {At:O}")]
    private partial void LogRecovered(string instance, string group, string source, string hash, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backing out the update of {Instance} failed; it stays as it is")]
    private partial void LogBackoutFailed(Exception exception, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconfiguration refused: {Reason}")]
    private partial void LogRefused(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconfiguration '{Title}' begun, asked for by {RequestedBy}")]
    private partial void LogBegun(string title, string requestedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconfiguration '{Title}' cancelled: its caller stopped waiting before it committed; the application is unchanged")]
    private partial void LogCancelled(string title);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconfiguration '{Title}' could not be written to the event log")]
    private partial void LogNotRecorded(Exception exception, string title);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module {Instance} did not return within {Seconds} s of being stopped; it is left behind")]
    private partial void LogStuck(string instance, double seconds);
}
