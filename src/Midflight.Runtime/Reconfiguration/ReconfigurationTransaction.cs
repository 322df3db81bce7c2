using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Midflight.Model;
using Midflight.Runtime.Bus;
using Midflight.Runtime.Hosting;
using Midflight.Runtime.Loading;
using Midflight.Runtime.Telemetry;
using Midflight.Runtime.Updates;

namespace Midflight.Runtime;

/// <summary>
/// Carries out one checked reconfiguration, all or nothing. Everything that can fail — loading code,
/// waiting for quiet moments, divulging and installing state — happens before anything visible
/// changes, and is undone if it fails; the commit that follows only moves references and cannot fail.
/// </summary>
internal sealed partial class ReconfigurationTransaction(
    RunningApplication application,
    ModuleLoader loader,
    BusServices services,
    NodeOptions options,
    ILogger logger,
    PauseForecast pauses,
    StableGroups? stable)
{
    private readonly Dictionary<ModuleRef, ModuleHost> _added = [];
    private readonly List<ModuleHost> _pausedByUs = [];
    private readonly List<ModuleHost> _detached = []; // drained: held at a bus operation for the switch
    private readonly Dictionary<string, int> _draining = []; // drained instances, with their requests in progress at the switch
    private readonly HashSet<ModuleHost> _captured = [];
    private readonly Dictionary<ModuleHost, State.Snapshot> _snapshots = [];
    private readonly Dictionary<ModuleHost, DivulgedState> _divulged = [];
    private readonly HashSet<ModuleHost> _completed = [];
    private readonly List<string> _carriedLazily = []; // updated instances whose lazily converted objects went as they were // new instances that take the place of a module whose run has completed
    private readonly ApplicationState _before = application.State;

    // Each source's code, built and read once however many instances of it the change adds: a launch
    // of a hundred thousand instances of one module reads and hashes its assembly once.
    private readonly Dictionary<(string Source, bool Rebuild), Task<Loading.ModuleImage>> _images = [];

    public async Task<ReconfigurationResult> ExecuteAsync(Reconfiguration reconfiguration, CancellationToken cancellationToken)
    {
        var started = services.Time.GetTimestamp();
        var draft = ApplicationDraft.Plan(_before, reconfiguration);
        CheckHostedHere(draft, reconfiguration.WhenIdle);
        var idle = reconfiguration.WhenIdle.Select(name => _before.Hosts.GetValueOrDefault(name)
            ?? throw new ReconfigurationException($"it must happen when '{name}' is idle, but there is no instance '{name}'; the application is unchanged")).ToList();
        long pausedAt;
        PauseForecast.Forecast? forecast;
        try
        {
            using (ReconfigurationTrace.Phase("build and load"))
            {
                await PrepareModules(draft, cancellationToken).ConfigureAwait(false);
            }
            using (ReconfigurationTrace.Phase("check"))
            {
                CheckNewCode(draft);
                CheckDrained(draft);
                CheckForcedOut(draft);
                forecast = ForecastPause(draft, idle, reconfiguration.PauseBudget);
            }
            // The new modules' threads, made now: inside the pause, starting one is a wake-up.
            foreach (var module in draft.Started.Where(m => m.IsNew))
            {
                HostOf(module).Prepare();
            }
            using (ReconfigurationTrace.Phase("quiesce"))
            {
                await Quiesce(draft, idle, reconfiguration.Timeout ?? options.QuiesceTimeout, cancellationToken).ConfigureAwait(false);
            }
            pausedAt = services.Time.GetTimestamp();
            using (ReconfigurationTrace.Phase("move state"))
            {
                MoveStates(draft);
            }
            if (stable is not null)
            {
                using (ReconfigurationTrace.Phase("write stable state"))
                {
                    WriteStable(stable);
                }
            }
        }
        catch
        {
            Abandon();
            throw;
        }
        List<Updates.UpdatedInstance> updated;
        List<(ModuleHost From, ModuleHost To)> continued;
        using (ReconfigurationTrace.Phase("commit"))
        {
            (updated, continued) = Commit(draft);
        }
        var ended = services.Time.GetTimestamp();
        // Paused: from the moment the last module parked to the end of the commit, when it runs again.
        var paused = _pausedByUs.Count + _captured.Count + _detached.Count == 0 ? TimeSpan.Zero : services.Time.GetElapsedTime(pausedAt, ended);
        if (forecast is not null)
        {
            pauses.Measured(forecast, paused);
            if (paused > reconfiguration.PauseBudget)
            {
                LogOverBudget(reconfiguration.Title, paused.TotalMilliseconds, reconfiguration.PauseBudget.Value.TotalMilliseconds, forecast.Pause.TotalMilliseconds);
            }
        }
        var result = new ReconfigurationResult(reconfiguration.Steps.Length, services.Time.GetElapsedTime(started, ended), paused)
        {
            PredictedPause = reconfiguration.PauseBudget is null ? null : forecast?.Pause,
            MovedFrames = _snapshots.ToDictionary(s => s.Key.InstanceName, s => s.Value.Frames.Count + s.Value.Workers.Sum(w => w.Frames.Count)),
            CarriedLazily = _carriedLazily,
            Draining = _draining,
            Updated = updated,
            Continued = continued,
        };
        if (_pausedByUs.Count + _captured.Count + _detached.Count == 0)
        {
            LogCommitted(result.Steps, result.Duration.TotalMilliseconds);
        }
        else
        {
            LogCommittedWithPause(result.Steps, result.Duration.TotalMilliseconds, _pausedByUs.Count + _captured.Count + _detached.Count, result.Paused.TotalMilliseconds);
        }
        return result;
    }

    /// <summary>
    /// Checks a reconfiguration as far as can be done without stopping anything — its plan, the code it
    /// would load, and how that code fits the interfaces and the state it would take — then drops what
    /// it loaded. The frames are not checked: that needs the stack, captured at the point.
    /// </summary>
    /// <exception cref="ReconfigurationException">It would be refused.</exception>
    public async Task CheckAsync(Reconfiguration reconfiguration, CancellationToken cancellationToken)
    {
        var draft = ApplicationDraft.Plan(_before, reconfiguration);
        CheckHostedHere(draft, reconfiguration.WhenIdle);
        try
        {
            await PrepareModules(draft, cancellationToken).ConfigureAwait(false);
            CheckNewCode(draft);
            CheckDrained(draft);
        }
        finally
        {
            Abandon();
        }
    }

    private ModuleHost HostOf(ModuleRef module) => module.IsNew ? _added[module] : _before.Hosts[module.Name];

    private bool IsHostedHere(ModuleRef module) => module.IsNew || _before.Hosts.ContainsKey(module.Name);

    /// <summary>
    /// A node carries out alone only what touches the instances it hosts: it may bind them to
    /// instances on other nodes, but stops, moves and deletes nothing there, and changes no binding
    /// that another node's instance writes on. The cluster carries out the rest (see <see cref="Cluster.IRemoteNodes"/>).
    /// </summary>
    private void CheckHostedHere(ApplicationDraft draft, IEnumerable<string> idle)
    {
        var touched = draft.ToQuiesce
            .Concat(draft.Deleted).Concat(draft.Started).Concat(draft.Stopped)
            .Concat(draft.StateMoves.SelectMany(m => new[] { m.Move.From, m.Move.To }))
            .Concat(draft.Installs.Select(i => i.Install.To))
            .Concat(idle.Select(ModuleRef.Current));
        // A binding another node's instance writes on may go to a new incarnation of the same name: its
        // link names the instance, not the incarnation, so it goes on as it is. Any other change to it is that node's.
        var writtenElsewhere = new HashSet<(Endpoint From, Endpoint To)>(draft.RemovedBindings.Where(b => !IsHostedHere(b.From.Module)).Select(b => (b.From.Endpoint, b.To.Endpoint)));
        writtenElsewhere.SymmetricExceptWith(draft.AddedBindings.Where(b => !IsHostedHere(b.From.Module)).Select(b => (b.From.Endpoint, b.To.Endpoint)));
        if (touched.Where(m => !IsHostedHere(m)).Select(m => m.Name).Concat(writtenElsewhere.Select(b => b.From.Instance))
                .FirstOrDefault(_before.Remote.ContainsKey) is { } elsewhere)
        {
            throw new ReconfigurationException(
                $"'{elsewhere}' runs on node '{_before.Remote[elsewhere].Node}', not on this node '{options.Cluster?.LocalNode}': a change to it is carried out there; the application is unchanged");
        }
    }

    /// <summary>Where a write to <paramref name="endpoint"/> goes once the change commits: a queue here, or the link to another node.</summary>
    private Inbox InboxOf(EndpointRef endpoint) =>
        IsHostedHere(endpoint.Module) ? PortOf(endpoint).Queue! : _before.Remote[endpoint.Module.Name].Inboxes[endpoint.Interface];

    private InterfacePort PortOf(EndpointRef endpoint) => HostOf(endpoint.Module).PortOf(endpoint.Interface);

    private async Task PrepareModules(ApplicationDraft draft, CancellationToken cancellationToken)
    {
        foreach (var (step, add) in draft.Added)
        {
            if (add.BuildFailure is { } failure)
            {
                throw ReconfigurationException.AtStep(step, add, failure.Message, failure);
            }
            ModuleCode code;
            try
            {
                code = add.Code is { } loaded && loaded.TryAcquire() ? loaded
                    : add.Image is { } image ? loader.Acquire(add.Spec, image)
                    : loader.Acquire(add.Spec, await ImageOf(add.Spec, add.Rebuild && !add.BuiltAhead, cancellationToken).ConfigureAwait(false));
            }
            catch (ModuleLoadException exception)
            {
                throw ReconfigurationException.AtStep(step, add, exception.Message, exception);
            }
            try
            {
                _added.Add(add.Module, new ModuleHost(add.Module.Name, add.Spec, code, services));
                if (code.DeclaredSpec(add.Spec.Name) is { } declared
                    && UpdateCheck.Interfaces(add.Spec, declared, code.Adapters).ToList() is { Count: > 0 } misfits)
                {
                    throw ReconfigurationException.AtStep(step, add,
                        $"its code does not fit the interfaces {add.Module} is bound by: {string.Join("; ", misfits)}");
                }
            }
            catch (ModuleLoadException exception)
            {
                if (!_added.ContainsKey(add.Module))
                {
                    code.Release();
                }
                throw ReconfigurationException.AtStep(step, add, exception.Message, exception);
            }
        }
    }

    private Task<Loading.ModuleImage> ImageOf(ModuleSpec spec, bool rebuild, CancellationToken cancellationToken)
    {
        if (!_images.TryGetValue((spec.Source.Path, rebuild), out var image))
        {
            _images[(spec.Source.Path, rebuild)] = image = loader.ImageAsync(spec, rebuild, cancellationToken);
        }
        return image;
    }

    /// <summary>
    /// Where state moves between different code — an update — checks, before anything stops, that the
    /// new code can take the old state: what it is prepared for, and the shape of every field.
    /// </summary>
    private void CheckNewCode(ApplicationDraft draft)
    {
        foreach (var (step, move) in draft.StateMoves)
        {
            var from = HostOf(move.From);
            var to = HostOf(move.To);
            if (from.Code == to.Code && from.Procedures is { } updated && (updated.Versions.Count > 0 || updated.Pending is not null))
            {
                throw ReconfigurationException.AtStep(step, move,
                    $"{move.From} runs updated procedures ({string.Join(", ", updated.Versions.Keys)}{(updated.Pending is null ? "" : ", and a switch is pending")}): {move.To}, in the same code, would run them as built; update the module (--with) to a version that has them");
            }
            if (!from.IsPrepared || from.Code == to.Code)
            {
                continue;
            }
            if (!to.IsPrepared)
            {
                throw NotPreparedToResume(step, move);
            }
            if (UpdateCheck.Fields(from.Code.ModuleType, to.Code.ModuleType, from.Procedures?.AddedFields.Select(a => (a.Name, a.Type)) ?? []).ToList() is { Count: > 0 } misfits)
            {
                throw ReconfigurationException.AtStep(step, move, $"the code of {move.To} cannot take the state of {move.From}: {string.Join("; ", misfits)}");
            }
        }
    }

    /// <summary>
    /// A drained instance runs on beside its successor, and nothing of its state goes to it: it is
    /// drained only if it keeps no state that the successor would lack — no field but a read-only one
    /// of a value set as it is made — and if no health window, which would back its update out to it,
    /// is open. Its successors start from nothing.
    /// </summary>
    private void CheckDrained(ApplicationDraft draft)
    {
        if (draft.DrainedOut.Count > 0 && options.Cluster is not null)
        {
            throw new ReconfigurationException("a drained update is not yet carried out in a cluster: update without draining, the state moving at a point; the application is unchanged");
        }
        foreach (var deleted in draft.Deleted.Where(IsHostedHere).Select(HostOf))
        {
            if (deleted.RepliesHeldBehind is var owed and > 0)
            {
                throw new ReconfigurationException(
                    $"'{deleted.InstanceName}''s old version is still draining and owes {owed} {(owed == 1 ? "reply" : "replies")}, which replies of '{deleted.InstanceName}' to the same clients wait behind: change it once the old version has drained (midflight status shows it); the application is unchanged");
            }
        }
        foreach (var drained in draft.DrainedOut.Select(HostOf))
        {
            if (UpdateCheck.KeptState(drained.Code.ModuleType).ToList() is { Count: > 0 } fields)
            {
                throw new ReconfigurationException(
                    $"'{drained.InstanceName}' cannot be drained: its version keeps state in {string.Join(", ", fields)}, which its successor would not have, since a drained version runs on beside it and hands over nothing. Update without draining (the state moves at a point), or keep the state in an instance of its own; the application is unchanged");
            }
            if (drained.Probation is not null)
            {
                throw new ReconfigurationException(
                    $"'{drained.InstanceName}' cannot be drained while the health window of its last update is open: a backout would go back to a version no longer running. Wait for the window to pass, or back the update out; the application is unchanged");
            }
        }
    }

    /// <summary>
    /// A queue of an instance deleted by force is copied only if that instance is in a health window,
    /// whose record, sealed, stops its takes: any other may be taking from the queue at that very
    /// moment, and a message could then be both copied and taken.
    /// </summary>
    private void CheckForcedOut(ApplicationDraft draft)
    {
        foreach (var copy in draft.QueueSteps.OfType<CopyQueue>().Where(c => draft.ForcedOut.Contains(c.From.Module)))
        {
            if (HostOf(copy.From.Module).Probation is null)
            {
                throw new ReconfigurationException(
                    $"'{copy}' is refused: {copy.From.Module} is deleted by force and runs on until it is cut off, so it may take from that queue as it is copied; copy the queue of an instance deleted at a quiet moment, or do not copy it. The application is unchanged");
            }
        }
    }

    private static ReconfigurationException NotPreparedToResume(int step, MoveState move) =>
        ReconfigurationException.AtStep(step, move, $"{move.From} stops at a reconfiguration point with its stack, but the code of {move.To} is not prepared to resume one; build it with Midflight's preparation");

    /// <summary>
    /// Holds still every module whose queues or state the plan touches, and those it must find
    /// <paramref name="idle"/>: a prepared module whose state moves stops at its next reconfiguration
    /// point with its stack captured; any other parks at a quiet moment.
    /// </summary>
    private async Task Quiesce(ApplicationDraft draft, IReadOnlyList<ModuleHost> idle, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var hosts = draft.ToQuiesce.Select(HostOf).Concat(idle).Distinct().ToList();
        var moving = draft.StateMoves.Select(m => HostOf(m.Move.From)).Where(h => h.IsPrepared).ToHashSet();
        var drained = draft.DrainedOut.Select(HostOf).ToHashSet();
        _captured.UnionWith(hosts.Where(moving.Contains));
        _detached.AddRange(hosts.Where(drained.Contains));
        // Held by an earlier reconfiguration: already still, and to be left held if this one fails.
        _pausedByUs.AddRange(hosts.Where(h => !h.IsPaused && !moving.Contains(h) && !drained.Contains(h)));
        var busy = await Quiescence.HoldAllAsync(hosts, h => moving.Contains(h) ? h.CaptureAsync() : drained.Contains(h) ? h.DetachAsync() : h.PauseAsync(),
            services, timeout, cancellationToken).ConfigureAwait(false);
        if (busy.Count > 0)
        {
            var awaited = busy.All(moving.Contains) ? "reconfiguration point" : busy.All(drained.Contains) ? "read, write or delay" : "quiet moment";
            throw new ReconfigurationException(
                $"abandoned: no {awaited} within {timeout.TotalSeconds:0.###} s ({string.Join("; ", busy.Select(h => $"'{h.InstanceName}' is {h.Activity}"))}); the application is unchanged");
        }
    }

    /// <summary>
    /// Predicts the pause of what <see cref="Quiesce"/> would hold — the states it would capture, as
    /// large as when last captured, the queues it would copy, as deep as they are now — and, given a
    /// <paramref name="budget"/>, refuses before anything stops if the pause is over it or cannot be
    /// predicted. Without a budget the forecast is only for the model to learn from.
    /// </summary>
    /// <returns>The forecast; null if a state's size is not known yet.</returns>
    private PauseForecast.Forecast? ForecastPause(ApplicationDraft draft, IReadOnlyList<ModuleHost> idle, TimeSpan? budget)
    {
        var hosts = draft.ToQuiesce.Select(HostOf).Concat(idle).Distinct().ToList();
        if (hosts.Count == 0)
        {
            return null; // nothing is held: there is no pause
        }
        var moving = draft.StateMoves.Select(m => HostOf(m.Move.From)).Where(h => h.IsPrepared).ToHashSet();
        var queued = draft.QueueSteps.OfType<CopyQueue>().Where(c => IsHostedHere(c.From.Module)).Sum(c => PortOf(c.From).Queue?.Count ?? 0);
        var forecast = pauses.Predict([.. hosts.Select(h => new PauseForecast.Held(h.InstanceName, h.Spec.Name, moving.Contains(h)))], queued, out var unknown);
        if (budget is not { } limit)
        {
            return forecast;
        }
        if (forecast is null)
        {
            throw new ReconfigurationException(
                $"refused before anything stopped: its pause cannot be held to its budget of {PauseForecast.Milliseconds(limit)}, since the size of '{unknown}''s state is not known " +
                "until it has been captured once; capture it (midflight state capture), or give no budget; the application is unchanged");
        }
        if (forecast.Pause > limit)
        {
            throw new ReconfigurationException(
                $"refused before anything stopped: its pause is predicted at {PauseForecast.Milliseconds(forecast.Pause)}, over its budget of {PauseForecast.Milliseconds(limit)} ({forecast.Basis}); the application is unchanged");
        }
        return forecast;
    }

    private void MoveStates(ApplicationDraft draft)
    {
        foreach (var (step, move) in draft.StateMoves)
        {
            var from = HostOf(move.From);
            var to = HostOf(move.To);
            if (from.HasFaulted)
            {
                throw ReconfigurationException.AtStep(step, move,
                    $"{move.From} has faulted ({from.Fault?.Message}): it has no state to go on from; delete it and add a new instance to start it afresh");
            }
            if (from.IsCaptured || (from.IsPrepared && from.HasCompleted))
            {
                MoveStack(step, move, from, to);
            }
            else if (from.IsPrepared && from.Activity.Status != ModuleStatus.Created)
            {
                // Asked to stop at a point, it neither did nor ended: never start its replacement over.
                throw ReconfigurationException.AtStep(step, move, $"{move.From} did not stop at a reconfiguration point: it is {from.Activity}");
            }
            else
            {
                _divulged[from] = MoveDivulged(step, move, from);
            }
            if (from.HasCompleted)
            {
                _completed.Add(to);
            }
        }
        foreach (var (step, install) in draft.Installs)
        {
            if (install.Snapshot is not { } snapshot)
            {
                Install(step, install, install.To, install.Divulged!);
                continue;
            }
            try
            {
                HostOf(install.To).Restore(snapshot);
            }
            catch (State.Graph.StateCaptureException exception)
            {
                throw ReconfigurationException.AtStep(step, install, $"{install.To} cannot take the snapshot: {exception.Message}", exception);
            }
        }
    }

    /// <summary>
    /// The commit point of stable groups: the versions and states of the stable members this
    /// transaction adds, written as one. A node that dies before the write starts again with the old
    /// versions of all of them, one that dies after with the new versions of all; a write that fails
    /// refuses the transaction.
    /// </summary>
    private void WriteStable(StableGroups stable)
    {
        try
        {
            stable.WriteSwitch(_added.Values);
        }
        catch (StableStoreException exception)
        {
            throw new ReconfigurationException($"{exception.Message}; the application is unchanged", exception);
        }
        catch (State.Graph.StateCaptureException exception)
        {
            throw new ReconfigurationException($"the state of a stable member cannot be kept: {exception.Message}; the application is unchanged", exception);
        }
    }

    /// <summary>Automatic participation: the whole captured stack, resumed by the new instance at the point.</summary>
    private void MoveStack(int step, MoveState move, ModuleHost from, ModuleHost to)
    {
        if (!to.IsPrepared)
        {
            throw NotPreparedToResume(step, move);
        }
        State.Snapshot snapshot;
        try
        {
            // Within the process, the tables of lazily converted objects go as they are, whatever their size.
            snapshot = from.TakeSnapshot(carry: true);
        }
        catch (State.Graph.StateCaptureException exception)
        {
            throw ReconfigurationException.AtStep(step, move, $"the state of {move.From} cannot be captured: {exception.Message}", exception);
        }
        _snapshots[from] = snapshot;
        if (from.Code != to.Code && snapshot.Carried.Count > 0 && stable?.GroupOf(from.InstanceName) is { } group)
        {
            throw ReconfigurationException.AtStep(step, move,
                $"{move.From} is a member of stable group '{group.Name}', whose state is written whole at the switch, and its fields {string.Join(", ", snapshot.Carried.Keys.Select(k => $"'{k}'"))} hold objects to be converted lazily, which no other process could read back; a stable member's state is converted by state mappers");
        }
        if (from.Code != to.Code && UpdateCheck.Frames(snapshot, from.Code.ModuleType, to.Code.ModuleType).ToList() is { Count: > 0 } misfits)
        {
            throw ReconfigurationException.AtStep(step, move, $"the code of {move.To} cannot resume the stack of {move.From}: {string.Join("; ", misfits)}");
        }
        try
        {
            // Where the code stays the same, nothing keeps the snapshot for a backout: the new instance
            // takes the old one's arrays as they are. Read again only if this transaction is abandoned,
            // and then the new instance never runs.
            to.Restore(snapshot, handOver: from.Code == to.Code);
        }
        catch (State.Graph.StateCaptureException exception)
        {
            throw ReconfigurationException.AtStep(step, move, $"{move.To} cannot take the state of {move.From}: {exception.Message}", exception);
        }
        services.Metrics?.Captured(from.InstanceName, snapshot.Frames.Count, snapshot.Heap.Count);
        pauses.Captured(from.InstanceName, from.Spec.Name, new(snapshot.Frames.Count, snapshot.Heap.Count));
    }

    /// <summary>Manual participation: what the old instance divulges, installed by the new one.</summary>
    /// <returns>The divulged state, kept for a backout if the code changes.</returns>
    private DivulgedState MoveDivulged(int step, MoveState move, ModuleHost from)
    {
        var state = new DivulgedState();
        try
        {
            from.Module.Divulge(state);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw ReconfigurationException.AtStep(step, move, $"{move.From} failed to divulge its state: {exception.Message}", exception);
        }
        Install(step, move, move.To, state);
        return state;
    }

    private void Install(int step, ReconfigurationStep what, ModuleRef to, DivulgedState state)
    {
        try
        {
            HostOf(to).Module.Install(state);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw ReconfigurationException.AtStep(step, what, $"{to} failed to install the state: {exception.Message}", exception);
        }
    }

    /// <summary>Undoes the preparation: resumes what this transaction paused and drops the instances it created.</summary>
    private void Abandon()
    {
        foreach (var host in _pausedByUs)
        {
            host.Resume();
        }
        foreach (var host in _detached)
        {
            host.Reattach();
        }
        // A module that stopped at its point resumes its own stack, as if it had never stopped.
        foreach (var host in _captured)
        {
            host.GiveUpCapture();
        }
        foreach (var host in _added.Values)
        {
            host.Delete();
            host.Dispose();
        }
    }

    /// <returns>The instances whose code changed, and those whose state moved to the same code.</returns>
    private (List<Updates.UpdatedInstance> Updated, List<(ModuleHost From, ModuleHost To)> Continued) Commit(ApplicationDraft draft)
    {
        var deleted = draft.Deleted.Select(HostOf).ToList();
        var forcedOut = draft.ForcedOut.Select(HostOf).ToHashSet();
        // 0. Cut off what goes by force before its queues are read: it takes and writes nothing more.
        foreach (var host in forcedOut)
        {
            host.CutOff();
        }

        var replays = draft.Installs.Select(i => i.Install.ReplaysFrom).OfType<ModuleRef>().ToHashSet();

        // 1. Freeze the queues of deleted modules: enqueues in progress finish, later ones wait. A
        // drained module keeps the queues of its client interfaces, where its replies come.
        var drained = draft.DrainedOut.Select(HostOf).ToHashSet();
        var retiring = deleted.SelectMany(h => h.Ports.Where(p => !drained.Contains(h) || p.Spec.Kind != InterfaceKind.Client))
            .Select(p => p.Queue).OfType<InterfaceQueue>().ToList();
        foreach (var queue in retiring)
        {
            queue.BeginRetirement();
        }

        // 2. Copy and remove queues in plan order; a retired queue forwards to where it was copied.
        var successors = new Dictionary<InterfaceQueue, Inbox>();
        foreach (var step in draft.QueueSteps)
        {
            switch (step)
            {
                case CopyQueue copy:
                    var from = PortOf(copy.From).Queue!;
                    var to = PortOf(copy.To).Queue!;
                    // A backout gives back first what the failed version read in its health window.
                    var replayed = replays.Contains(copy.From.Module) ? HostOf(copy.From.Module).Probation?.ReadOn(copy.From.Interface) ?? [] : [];
                    to.EnqueueCopied([.. replayed, .. from.Snapshot()]);
                    successors[from] = to;
                    break;
                case RemoveQueue remove:
                    var queue = PortOf(remove.At).Queue!;
                    if (!retiring.Contains(queue))
                    {
                        queue.Clear();
                    }
                    break;
            }
        }

        // 3. Point every outgoing interface whose bindings changed at its new targets. Only those:
        // the cost follows the size of the change, not of the application.
        var changed = draft.RemovedBindings.Concat(draft.AddedBindings).Select(b => b.From).Distinct();
        foreach (var endpoint in changed.Where(e => draft.Contains(e.Module) && IsHostedHere(e.Module)))
        {
            PortOf(endpoint).Targets = [.. draft.TargetsOf(endpoint).Select(InboxOf)];
        }

        // 4. Requests in progress go with the stacks that will answer or await them; then release the
        // writers held at the frozen queues, towards the successors.
        var updated = new List<Updates.UpdatedInstance>();
        var continued = new List<(ModuleHost From, ModuleHost To)>();
        foreach (var (_, move) in draft.StateMoves)
        {
            var (from, to) = (HostOf(move.From), HostOf(move.To));
            if (_snapshots.ContainsKey(from))
            {
                to.TakeOverRequests(from);
            }
            if (from.Code != to.Code && _snapshots.TryGetValue(from, out var taken) && taken.Carried.Count > 0)
            {
                // The new version changes the very tables the old one left: there is no state to back out to.
                _carriedLazily.Add(to.InstanceName);
                LogNoBackout(to.InstanceName, string.Join(", ", taken.Carried.Keys));
            }
            else if (from.Code != to.Code && from.Code.TryAcquire())
            {
                to.BeginProbation();
                updated.Add(new Updates.UpdatedInstance(to, from.Spec, from.Code, StateAtSwitch(from)));
            }
            else if (from.Code == to.Code)
            {
                to.ContinueProbation(from);
                continued.Add((from, to));
            }
        }
        foreach (var (_, install) in draft.Installs.Where(i => i.Install.ReplaysFrom is not null))
        {
            HostOf(install.To).TakeOverReplay(HostOf(install.ReplaysFrom!.Value));
        }
        // A drained module's replies go before those its successors make to the same clients.
        var draining = drained.ToDictionary(h => h, h => new ReplyOrder(h.RepliesOwed));
        foreach (var copy in draft.QueueSteps.OfType<CopyQueue>().Where(c => draft.DrainedOut.Contains(c.From.Module) && c.To.Module.IsNew))
        {
            HostOf(copy.To.Module).HoldRepliesBehind(draining[HostOf(copy.From.Module)]);
        }
        foreach (var queue in retiring)
        {
            queue.CompleteRetirement(successors.GetValueOrDefault(queue));
        }

        // 5. The new incarnations take their names; the model follows, published whole.
        application.State = new ApplicationState(
            _before.Hosts.RemoveRange(deleted.Select(h => h.InstanceName)).AddRange(_added.Select(a => KeyValuePair.Create(a.Key.Name, a.Value))),
            _before.Remote,
            draft.BindingsAfter());

        // 6. Run: start what was asked, resume what was only paused for the change, delete the rest.
        foreach (var host in _pausedByUs.Except(deleted).Where(h => !draft.Stopped.Contains(ModuleRef.Current(h.InstanceName))))
        {
            host.Resume();
        }
        foreach (var host in _completed)
        {
            host.EndAsCompleted();
        }
        foreach (var module in draft.Started)
        {
            var host = HostOf(module);
            if (host.IsPaused)
            {
                host.Resume();
            }
            else
            {
                host.Start();
            }
        }
        foreach (var host in deleted.Where(drained.Contains))
        {
            _draining[host.InstanceName] = host.RequestsInProgress;
            LogDraining(host.InstanceName, host.RequestsInProgress);
            application.Drain(host, host.DrainAsync(draining[host]), h => LogDrained(h.InstanceName));
        }
        foreach (var host in deleted.Where(h => !drained.Contains(h)))
        {
            var dropped = host.Ports.Select(p => p.Queue).OfType<InterfaceQueue>().Where(q => !successors.ContainsKey(q)).Sum(q => q.Clear());
            if (dropped > 0)
            {
                LogDropped(host.InstanceName, dropped);
            }
            host.Retire();
            if (forcedOut.Contains(host))
            {
                _ = ReportIfLeakedAsync(host);
            }
        }
        return (updated, continued);
    }

    /// <summary>How a backout installs again the state <paramref name="from"/> gave up: its snapshot, or what it divulged.</summary>
    private Func<ModuleRef, InstallState> StateAtSwitch(ModuleHost from)
    {
        if (_snapshots.TryGetValue(from, out var snapshot))
        {
            return module => new InstallState(module, snapshot);
        }
        var divulged = _divulged[from];
        return module => new InstallState(module, divulged);
    }

    /// <summary>A module removed by force whose run does not return — spinning, or blocked outside the bus — keeps its thread: say so.</summary>
    private async Task ReportIfLeakedAsync(ModuleHost host)
    {
        try
        {
            await host.Exited.WaitAsync(options.StopTimeout, services.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogLeaked(host.InstanceName, options.StopTimeout.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Module {Instance}'s old version drains beside the new one: {Requests} request(s) in progress, which it answers itself")]
    private partial void LogDraining(string instance, int requests);

    [LoggerMessage(Level = LogLevel.Information, Message = "Module {Instance}'s old version has drained, and is deleted")]
    private partial void LogDrained(string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module {Instance}, removed by force, did not return within {Seconds} s: its thread is leaked (.NET cannot abort a thread); it is cut off from the bus")]
    private partial void LogLeaked(string instance, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconfiguration '{Title}' paused its instances {PausedMs:0.###} ms, over its budget of {BudgetMs:0.###} ms (predicted {PredictedMs:0.###} ms); the forecast learns from it")]
    private partial void LogOverBudget(string title, double pausedMs, double budgetMs, double predictedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconfiguration of {Steps} steps committed in {DurationMs:0.###} ms")]
    private partial void LogCommitted(int steps, double durationMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconfiguration of {Steps} steps committed in {DurationMs:0.###} ms, {Modules} module(s) paused {PausedMs:0.###} ms")]
    private partial void LogCommittedWithPause(int steps, double durationMs, int modules, double pausedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module {Instance} was deleted with {Count} queued messages that the reconfiguration did not copy")]
    private partial void LogDropped(string instance, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The update of {Instance} has no health window: its fields {Fields} went to the new version as they were, to be converted lazily, and the old version cannot be given them back")]
    private partial void LogNoBackout(string instance, string fields);
}
