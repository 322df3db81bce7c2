using System.Collections.Frozen;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Midflight.Model;
using Midflight.Runtime.Bus;
using Midflight.Runtime.Loading;

namespace Midflight.Runtime.Hosting;

/// <summary>
/// Runs one module instance and is its view of the bus (<see cref="IModulePort"/>): its thread or
/// task, its interface ports, and the control protocol through which a reconfiguration pauses it at
/// a quiet moment, resumes it, or deletes it.
/// </summary>
/// <remarks>
/// A quiet moment is the module blocked in a read or a delay with no request in progress: none read
/// and not yet answered (as a server), none sent and not yet replied to (as a client). A client
/// paused while waiting for a reply would leave that reply to its replacement, which would take it
/// for the answer to a request of its own.
/// Pausing is done by the module's own thread: a pause request wakes it, and it parks itself inside
/// the blocking call, having consumed nothing. So pausing needs no lock on the hot path, and a paused
/// module's fields are stable for <see cref="ModuleBase.Divulge"/> (the pause handshake orders memory).
/// </remarks>
internal sealed partial class ModuleHost : IModulePort, IQueueReader, IDisposable
{
    private readonly Lock _gate = new();
    private readonly BusServices _services;
    private readonly Doorbell _doorbell;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FrozenDictionary<string, InterfacePort> _ports;
    private readonly ILogger _logger;
    private volatile bool _pauseRequested;
    private TaskCompletionSource? _pausedSignal;
    private TaskCompletionSource? _capturedSignal;
    private volatile bool _detachRequested; // a drain's switch waits for the module at its next bus operation
    private TaskCompletionSource? _detachedSignal;
    private Bus.ReplyOrder? _drainingReplies; // as the draining version: the order its replies keep with its successor's; module thread only
    private Bus.ReplyOrder? _repliesBehind; // as the successor of a draining version: held behind its replies; module thread only
    private bool _givenUp; // a capture given up while the module unwound for it: under _gate
    private volatile ModuleStatus _status = ModuleStatus.Created;
    private volatile string? _waitingFor;
    private volatile InterfaceQueue? _heldAt; // the full queue a write waits on, while the module is Held
    private int _requestsInProgress; // module thread only (the health window's stall test reads it)
    private Updates.Probation? _probation; // an update's health window: set before the module starts
    private Dictionary<string, int>? _repeats; // a backout's replay: writes not to make again, module thread only
    private Rehearsals.RecordingTap? _recording; // set while the module is captured; the module's thread records through it
    private Thread? _thread; // a threaded module's own thread, the last it started on
    private ParkedThread? _parked; // made ahead by Prepare, for the next Start
    private readonly ModuleWorkers? _workers; // the module's [Worker]s; null if it declares none
    private Exception? _workerFault; // the first thing a worker threw: the module's failure
    private string? _lastName; // the last interface used and its port: module thread only
    private InterfacePort? _lastPort;

    public ModuleHost(string instanceName, ModuleSpec spec, ModuleCode code, BusServices services)
    {
        InstanceName = instanceName;
        Spec = spec;
        Code = code;
        _services = services;
        _doorbell = new Doorbell(services.Activity);
        _logger = services.LoggerFactory.CreateLogger($"Midflight.Module.{instanceName}");
        _ports = spec.Interfaces
            .Select(i => new InterfacePort(new Endpoint(instanceName, i.Name), i, _doorbell, code.Adapters, services.QueueCapacity, this, services.Tracer, services.Metrics))
            .ToFrozenDictionary(p => p.Spec.Name, StringComparer.Ordinal);
        Module = code.CreateInstance();
        Module.Attach(this);
        IsPrepared = Attribute.IsDefined(Module.GetType(), typeof(PreparedForReconfigurationAttribute));
        _workers = ModuleWorkers.Of(Module, services.Activity, WorkerFaulted, _stopping.Token);
        Procedures = Module is Midflight.Module && Module.Procedures is { } table ? new Procedures.InstanceProcedures(Module, table) : null;
    }

    /// <summary>The instance's binding table and procedure updates; null if its module was not built for them (or is not threaded).</summary>
    public Procedures.InstanceProcedures? Procedures { get; }

    private volatile bool _switchRung; // a procedure switch asked for: the module's thread looks at its stack

    /// <summary>Has the module's thread switch <paramref name="pending"/>'s steps as its procedures become inactive; a module blocked in a read is woken for it.</summary>
    /// <returns>False, and nothing done, if a switch is under way already.</returns>
    public bool BeginSwitch(Procedures.ProcedureSwitch pending)
    {
        if (!Procedures!.Begin(pending))
        {
            return false;
        }
        _switchRung = true;
        _doorbell.Ring();
        return true;
    }

    private bool _advancingSwitch; // only the module's thread reads and writes it

    /// <summary>On the module's thread, at a bus operation: switches what the pending procedure update can switch now.</summary>
    private void AdvanceSwitch()
    {
        // A mapper that prints runs inside the switch: its print must not advance the switch again.
        if (Procedures is not { } procedures || _advancingSwitch)
        {
            return;
        }
        if (_switchRung)
        {
            _switchRung = false;
        }
        if (procedures.Pending is not { } pending)
        {
            return;
        }
        _advancingSwitch = true;
        try
        {
            if (pending.Advance(Midflight.Runtime.Procedures.ActiveProcedures.OnThisThread()))
            {
                procedures.Ended(pending);
            }
        }
        finally
        {
            _advancingSwitch = false;
        }
    }

    /// <summary>Whether the module's code was prepared for automatic participation: it moves its whole stack at a reconfiguration point.</summary>
    public bool IsPrepared { get; }

    public string InstanceName { get; }

    public ModuleSpec Spec { get; }

    public ModuleCode Code { get; }

    public ModuleBase Module { get; }

    public IEnumerable<InterfacePort> Ports => _ports.Values;

    public InterfacePort PortOf(string interfaceName) => _ports[interfaceName];

    public bool TryPortOf(string interfaceName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InterfacePort? port) => _ports.TryGetValue(interfaceName, out port);

    public ModuleActivity Activity
    {
        get
        {
            var status = _status;
            var on = status switch
            {
                ModuleStatus.Waiting or ModuleStatus.Paused => _waitingFor,
                ModuleStatus.Held => _heldAt is { } full ? HeldAt(full) : null,
                _ => null,
            };
            return new(status, on, Module.Participation.IsRequested && IsRunning(status));
        }
    }

    /// <summary>Whether the module's run goes on of itself: executing, or blocked in a read, a delay or a held write.</summary>
    private static bool IsRunning(ModuleStatus status) => status is ModuleStatus.Running or ModuleStatus.Waiting or ModuleStatus.Held;

    /// <summary>Why a write waits: the full queue, and what keeps its reader from taking from it, if anything does.</summary>
    private static string HeldAt(InterfaceQueue full)
    {
        var why = full.ReaderStatus switch
        {
            ModuleStatus.Faulted => "; its reader has faulted",
            ModuleStatus.Completed => "; its reader's run has completed",
            ModuleStatus.Paused => "; its reader is stopped or paused by a reconfiguration",
            ModuleStatus.Captured => "; its reader is stopped at a reconfiguration point",
            ModuleStatus.Created => "; its reader has not started",
            ModuleStatus.Held => "; its reader is itself held in a write",
            _ => "",
        };
        return $"write to '{full.Endpoint}', its queue full ({full.Count} of {full.Capacity} messages queued; writes go on at {full.LowWater}){why}";
    }

    /// <summary>What made the module fail, once it has; null while it runs or if it ended otherwise.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Completes when the module's run has ended, whatever the reason.</summary>
    public Task Exited => _exited.Task;

    public bool IsPaused => _status == ModuleStatus.Paused;

    ModuleStatus IQueueReader.Status => _status;

    TimeProvider IModulePort.Time => _services.Time;

    ILogger IModulePort.Logger => _logger;

    CancellationToken IModulePort.Stopping => _stopping.Token;

    public void Start()
    {
        bool resumed;
        lock (_gate)
        {
            // A captured instance starts again only when a failed reconfiguration, or a capture that
            // only looked, gives it back its stack.
            if (_status is not (ModuleStatus.Created or ModuleStatus.Captured))
            {
                return;
            }
            resumed = _status == ModuleStatus.Captured;
            _status = ModuleStatus.Running;
            // That capture is over: the next one waits for a capture of its own.
            _capturedSignal = null;
        }
        // Counted before the thread exists, so the node cannot look idle while the module starts.
        _services.Activity.Resumed();
        if (resumed)
        {
            LogResumed(InstanceName);
        }
        else
        {
            LogStarted(InstanceName, Spec.Name);
        }
        _thread = ModuleRun.Start(Module, $"midflight {InstanceName}", RunToEnd, _stopping.Token, Interlocked.Exchange(ref _parked, null));
        _workers?.Start(InstanceName);
    }

    /// <summary>A worker threw: the module has failed, and is stopped, its run and its other workers with it.</summary>
    private void WorkerFaulted(string worker, Exception exception)
    {
        if (Interlocked.CompareExchange(ref _workerFault, exception, null) is null)
        {
            LogWorkerFaulted(exception, InstanceName, worker);
            Stop();
        }
    }

    /// <summary>
    /// Makes the thread a threaded module will start on, parked until <see cref="Start"/>: called by a
    /// reconfiguration before it pauses anything, so that its pause does not wait for a new thread.
    /// </summary>
    public void Prepare()
    {
        if (Module is Midflight.Module && _parked is null)
        {
            _parked = new ParkedThread($"midflight {InstanceName}");
        }
    }

    /// <summary>
    /// Sees the module's program through to its end. What started it is not kept while it runs (the
    /// delegates and closure of its start: an idle module's bytes, times a hundred thousand), only the
    /// task it runs as; a throw before its first await is carried by that task as any other.
    /// </summary>
    private Task RunToEnd(Func<Task> run)
    {
        Task running;
        try
        {
            running = run();
        }
#pragma warning disable CA1031 // Carried to SeeThrough, which sorts and logs what the module threw.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            running = Task.FromException(exception);
        }
        return SeeThrough(running);
    }

    private async Task SeeThrough(Task running)
    {
        var outcome = ModuleStatus.Completed;
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && _workerFault is null)
        {
            outcome = ModuleStatus.Deleted;
        }
        catch (OperationCanceledException) when (_workerFault is { } fault)
        {
            outcome = ModuleStatus.Faulted;
            Fault = fault;
        }
        catch (Exception exception) when (Module.Participation.IsCapturing)
        {
            // Thrown while the stack unwound for a capture (a resource let go of on the way out): the
            // frames taken so far are not the whole stack, and the module cannot go on.
            Module.Participation.Discard();
            outcome = ModuleStatus.Faulted;
            Fault = exception;
            LogFaulted(exception, InstanceName);
        }
#pragma warning disable CA1031 // A module's failure is its own: it is logged and the node goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            outcome = ModuleStatus.Faulted;
            Fault = exception;
            LogFaulted(exception, InstanceName);
        }
        if (outcome == ModuleStatus.Completed && Module.Participation.IsCapturing && _workers is { } workers)
        {
            // The run stopped at its point: the module has stopped once every worker has, or the capture is given up.
            await workers.StoppedAsync().ConfigureAwait(false);
            if (_workerFault is { } fault)
            {
                // A worker failed meanwhile: there is no whole stack to move or give back.
                Module.Participation.Discard();
                outcome = ModuleStatus.Faulted;
                Fault = fault;
            }
        }
        else if (_workers is { } ending)
        {
            // The module's run has ended, and its workers with it.
            Stop();
            await ending.StoppedAsync().ConfigureAwait(false);
        }
        if (outcome == ModuleStatus.Faulted)
        {
            _services.Metrics?.Faulted(InstanceName);
        }
        if (outcome == ModuleStatus.Completed && Module.Participation.IsCapturing)
        {
            // Unwound at a point: not ended, its stack is in the capture context. Logged before the
            // capture is signalled, whose waiter may resume or replace the instance at once (on this
            // very thread), so that the log tells what happened in the order it happened.
            LogCaptured(InstanceName);
            bool givenUp;
            lock (_gate)
            {
                _status = ModuleStatus.Captured;
                _capturedSignal?.TrySetResult();
                (givenUp, _givenUp) = (_givenUp, false);
            }
            _services.Activity.Suspended();
            if (givenUp)
            {
                ResumeOwnStack();
            }
            return;
        }
        _recording?.Cut($"the module's run ended ({outcome.ToString().ToLowerInvariant()})");
        lock (_gate)
        {
            _status = outcome;
            // A pause or capture that was waiting for this module is satisfied: it will not run again.
            _pausedSignal?.TrySetResult();
            _capturedSignal?.TrySetResult();
        }
        _services.Activity.Suspended();
        LogEnded(InstanceName, outcome);
        _exited.TrySetResult();
    }

    /// <summary>
    /// Asks a prepared module to stop at its next reconfiguration point and capture its stack; a
    /// module blocked in a read at a point is woken for it. Completes when it has, or has ended.
    /// </summary>
    public Task CaptureAsync()
    {
        Task captured;
        lock (_gate)
        {
            if (!IsRunning(_status))
            {
                return Task.CompletedTask;
            }
            // Continuations run on the module's thread as it unwinds, as for a pause (see PauseAsync).
            _capturedSignal ??= new TaskCompletionSource();
            captured = _capturedSignal.Task;
        }
        Module.Participation.Request();
        _workers?.Request();
        _doorbell.Ring();
        return captured;
    }

    /// <summary>
    /// Gives up a capture this instance was asked for, as if it had never been: a request not yet met
    /// is withdrawn; a module that captured after all resumes its own stack.
    /// </summary>
    public void GiveUpCapture()
    {
        lock (_gate)
        {
            _capturedSignal = null;
            if (_status != ModuleStatus.Captured)
            {
                // Too late to withdraw when it has passed its point and is unwinding: it resumes its own
                // stack the moment it has unwound (see RunToEnd).
                _givenUp = !Module.Participation.Withdraw();
                _workers?.GiveUp(InstanceName);
                return;
            }
        }
        ResumeOwnStack();
    }

    public bool IsCaptured => _status == ModuleStatus.Captured;

    /// <summary>Whether the module's run has ended by returning: it has no stack to move, and must not run again.</summary>
    public bool HasCompleted => _status == ModuleStatus.Completed;

    /// <summary>Whether the module's run has ended by an exception.</summary>
    public bool HasFaulted => _status == ModuleStatus.Faulted;

    /// <summary>
    /// The captured stack, fields and heap (of a module whose run has completed, the fields alone). The
    /// stack stays held for <see cref="ResumeOwnStack"/> until the instance is deleted.
    /// </summary>
    /// <param name="borrow">Whether the snapshot may take the module's arrays of numbers without copying them: not when it outlives the change that took it while the module runs on.</param>
    /// <param name="carry">Whether the tables of lazily converted objects go by reference, for a new instance in this process (see <see cref="State.Snapshot.Carried"/>).</param>
    /// <exception cref="State.Graph.StateCaptureException">A value cannot be put in a snapshot; the message says where it stands.</exception>
    public State.Snapshot TakeSnapshot(bool borrow = true, bool carry = false) => Module.Participation.TakeSnapshot(Module, Spec.Name, borrow, carry, _workers?.Threads);

    /// <summary>
    /// Makes this instance the one that resumes <paramref name="snapshot"/> when it starts: a new
    /// instance taking over. With <paramref name="handOver"/> — when nothing reads the snapshot again
    /// once this instance runs — its arrays of numbers become this instance's own instead of copies.
    /// </summary>
    /// <exception cref="State.Graph.StateCaptureException">The snapshot does not fit this instance's code.</exception>
    public void Restore(State.Snapshot snapshot, bool handOver = false)
    {
        Module.Participation.BeginRestore(Module, snapshot, handOver, _workers?.ByName);
        _workers?.Ended(snapshot.Workers.Where(w => w.Frames.Count == 0).Select(w => w.Worker));
    }

    /// <summary>Gives a captured instance its own stack back, its very objects, and lets it go on as if it had not stopped.</summary>
    public void ResumeOwnStack()
    {
        Module.Participation.ResumeOwnStack();
        Start();
    }

    /// <summary>
    /// Makes this instance one whose run has completed, as that of the instance it replaces had: it
    /// takes that one's place and state without running its program again.
    /// </summary>
    public void EndAsCompleted()
    {
        lock (_gate)
        {
            _status = ModuleStatus.Completed;
        }
        LogEnded(InstanceName, ModuleStatus.Completed);
        _exited.TrySetResult();
    }

    /// <summary>Takes over the requests <paramref name="from"/> was serving or waiting on when it stopped at its point.</summary>
    public void TakeOverRequests(ModuleHost from) =>
        TakeOverRequests(from.Ports.Where(p => p.RepliesOwedCount > 0).ToDictionary(p => p.Spec.Name, p => p.RepliesOwed.ToArray()), from._requestsInProgress);

    /// <summary>Takes over the requests a captured incarnation was serving (per server interface, where their replies go) or waiting on: <paramref name="requestsInProgress"/> in all.</summary>
    public void TakeOverRequests(IReadOnlyDictionary<string, Inbox[]> owed, int requestsInProgress)
    {
        foreach (var (interfaceName, clients) in owed)
        {
            var mine = PortOf(interfaceName);
            foreach (var client in clients)
            {
                mine.RepliesOwed.Enqueue(client);
            }
        }
        _requestsInProgress = requestsInProgress;
    }

    /// <summary>Requests read and not answered, and sent and not had answered: for a move to another node. Read once the module is captured.</summary>
    public int RequestsInProgress => _requestsInProgress;

    /// <summary>
    /// Records what the module reads and writes from now on, for a backout to replay: an update's
    /// health window. Called before the module starts.
    /// </summary>
    public void BeginProbation() => _probation = new Updates.Probation(
        Ports.Where(p => p.RepliesOwedCount > 0).ToDictionary(p => p.Spec.Name, p => p.RepliesOwed.ToArray()), _requestsInProgress, _services.Time);

    /// <summary>The health window has passed: the record is dropped.</summary>
    public void EndProbation() => _probation = null;

    /// <summary>
    /// Goes on with the record of <paramref name="from"/>'s health window, whose state and stack this
    /// instance takes over in the same code (a replace or move inside the window): a backout then
    /// replays what both read. Called before the module starts.
    /// </summary>
    public void ContinueProbation(ModuleHost from) => (_probation, from._probation) = (from._probation, null);

    /// <summary>The record of the health window: final once the module has ended in it or been cut off; null if there is none.</summary>
    public Updates.Probation? Probation => _probation;

    /// <summary>
    /// Why the module, in its health window, is taken for stuck, or null if it is not: it holds work
    /// — a request read and not answered, or messages queued for it — and has neither read nor
    /// written for <paramref name="bound"/>, while running its own code (not waiting on the bus).
    /// </summary>
    public string? Stalled(TimeSpan bound)
    {
        if (_probation is not { } probation || _status != ModuleStatus.Running || probation.SinceProgress is var since && since < bound)
        {
            return null;
        }
        // Read from another thread than the module's: a moment old at worst, and the test is repeated.
        var unanswered = Volatile.Read(ref _requestsInProgress);
        var queued = Ports.Sum(p => p.Queue?.Count ?? 0);
        if (unanswered == 0 && queued == 0)
        {
            return null;
        }
        var work = unanswered > 0 ? $"{Counted(unanswered, "request")} in progress" : $"{Counted(queued, "message")} queued for it";
        return $"it made no progress for {since.TotalSeconds:0.###} s, with {work}";

        static string Counted(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
    }

    /// <summary>
    /// Cuts the module off the bus while it runs, for a forced delete: its blocking calls and writes
    /// throw from now on, and in a health window its record is sealed, so that what it read and wrote
    /// is final for the replay. Its thread, if it never returns, is left to run (see <see cref="Delete"/>).
    /// </summary>
    public void CutOff()
    {
        // Cancelled first: a take the record still lets through is recorded, and replayed.
        Stop();
        _probation?.Seal();
    }

    /// <summary>
    /// Makes this instance replay what <paramref name="failed"/> did in its health window: it does not
    /// write again as many messages, per interface, as that one wrote (they were delivered).
    /// </summary>
    public void TakeOverReplay(ModuleHost failed)
    {
        if (failed._probation is not { } probation)
        {
            return;
        }
        _repeats = new Dictionary<string, int>(probation.Written, StringComparer.Ordinal);
        foreach (var (name, owed) in probation.Owed)
        {
            foreach (var client in owed)
            {
                PortOf(name).RepliesOwed.Enqueue(client);
            }
        }
        _requestsInProgress = probation.RequestsInProgress;
    }

    /// <summary>Whether a write on <paramref name="interfaceName"/> repeats one the failed version made, and is not delivered.</summary>
    private bool IsRepeat(string interfaceName)
    {
        if (_repeats is null || !_repeats.TryGetValue(interfaceName, out var left) || left == 0)
        {
            return false;
        }
        _repeats[interfaceName] = left - 1;
        return true;
    }

    /// <summary>
    /// Records what the module takes, writes and prints from now on, for a rehearsal. Called while the
    /// module is captured, before it resumes its own stack: the first message recorded is the first it
    /// takes after the snapshot taken meanwhile.
    /// </summary>
    public void BeginRecording(Rehearsals.RecordingTap tap) => _recording = tap;

    /// <summary>Ends <paramref name="tap"/>'s recording at the module's next quiet moment — at once if it is blocked in a read or a delay.</summary>
    public void EndRecording(Rehearsals.RecordingTap tap) => tap.End(() => _status == ModuleStatus.Waiting);

    /// <summary>Stops calling <paramref name="tap"/>, once sealed: the module's path is as cheap as before.</summary>
    public void ForgetRecording(Rehearsals.RecordingTap tap) => Interlocked.CompareExchange(ref _recording, null, tap);

    /// <summary>Asks the module to park at its next quiet moment; completes when it has.</summary>
    public Task PauseAsync()
    {
        Task paused;
        lock (_gate)
        {
            if (!IsRunning(_status))
            {
                return Task.CompletedTask;
            }
            _pauseRequested = true;
            // Continuations run synchronously, on the module's thread as it parks: Quiescence relies on
            // that to count the waiting reconfiguration as woken before the module stops counting.
            _pausedSignal ??= new TaskCompletionSource();
            paused = _pausedSignal.Task;
        }
        _doorbell.Ring();
        return paused;
    }

    public void Resume()
    {
        lock (_gate)
        {
            _pauseRequested = false;
            _pausedSignal = null;
        }
        _doorbell.Ring();
    }

    /// <summary>
    /// Asks the module to hold still at its next bus operation — a read, a write, a poll or a delay, in
    /// progress or next — whatever requests it has in progress: how a drain takes its use and server
    /// queues from it without waiting for a quiet moment. Completes when it holds, or has ended.
    /// </summary>
    public Task DetachAsync()
    {
        Task detached;
        lock (_gate)
        {
            if (!IsRunning(_status))
            {
                return Task.CompletedTask;
            }
            _detachRequested = true;
            // Continuations run on the module's thread as it stops, as for a pause (see PauseAsync).
            _detachedSignal ??= new TaskCompletionSource();
            detached = _detachedSignal.Task;
        }
        _doorbell.Ring();
        return detached;
    }

    /// <summary>Lets a module held by <see cref="DetachAsync"/> go on as before: the drain was abandoned.</summary>
    public void Reattach()
    {
        lock (_gate)
        {
            _detachRequested = false;
            _detachedSignal = null;
        }
        _doorbell.Ring();
    }

    /// <summary>The replies a module held by <see cref="DetachAsync"/> owes, one entry per request it has read and not answered: where each goes.</summary>
    public IEnumerable<Inbox> RepliesOwed => Ports.Where(p => p.RepliesOwedCount > 0).SelectMany(p => p.RepliesOwed);

    /// <summary>
    /// Lets a module held by <see cref="DetachAsync"/> go on as the draining version, its use and
    /// server queues gone to its successor: it answers what it had read, each reply to a client
    /// counted in <paramref name="replies"/>, and parks at its first quiet moment.
    /// </summary>
    /// <returns>Completes when it has parked, drained, or ended.</returns>
    public Task DrainAsync(Bus.ReplyOrder replies)
    {
        Task drained;
        lock (_gate)
        {
            _drainingReplies = replies;
            // Parks at its next quiet moment, as for a pause; its writes are not held at full queues meanwhile.
            _pauseRequested = true;
            _pausedSignal ??= new TaskCompletionSource();
            drained = _pausedSignal.Task;
            _detachRequested = false;
            _detachedSignal = null;
            if (!IsRunning(_status) && _status != ModuleStatus.Paused)
            {
                drained = Task.CompletedTask;
            }
        }
        _doorbell.Ring();
        return drained;
    }

    /// <summary>Holds the replies this new instance makes to a client behind those its draining predecessor still owes that client. Called before it starts.</summary>
    public void HoldRepliesBehind(Bus.ReplyOrder replies) => _repliesBehind = replies;

    /// <summary>
    /// How many replies the draining predecessor of this instance still owes, which this instance's
    /// replies to the same clients wait behind; 0 once it owes none. A change that took this instance
    /// out now would leave those replies to a successor that knows nothing of the order.
    /// </summary>
    public int RepliesHeldBehind => Volatile.Read(ref _repliesBehind) is { IsSettled: false } behind ? behind.Owed : 0;

    /// <summary>How many replies the instance, draining, still owes; null if it is not draining.</summary>
    public int? DrainingOwed => _drainingReplies?.Owed;

    /// <summary>Cancels the module's stopping token and wakes it to see so: rung here, not by a registration on the token, which would cost every idle module its bytes.</summary>
    private void Stop()
    {
        _stopping.Cancel();
        _doorbell.Ring();
        _workers?.Wake();
    }

    /// <summary>Deletes the instance: its blocking calls throw <see cref="OperationCanceledException"/> and its run unwinds.</summary>
    public void Delete()
    {
        bool captured;
        lock (_gate)
        {
            captured = _status == ModuleStatus.Captured;
            if (_status is ModuleStatus.Created or ModuleStatus.Captured)
            {
                _status = ModuleStatus.Deleted;
                _exited.TrySetResult();
            }
        }
        _recording?.Cut("the instance was deleted");
        Stop();
        // A running module logs its end as its run unwinds; a captured one has unwound already, and one
        // never started never began.
        if (captured)
        {
            LogEnded(InstanceName, ModuleStatus.Deleted);
        }
    }

    /// <summary>Deletes the instance and lets go of its resources once its run has returned: for an instance a change takes out.</summary>
    public void Retire()
    {
        Delete();
        _ = Exited.ContinueWith(_ => Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Waits, up to <paramref name="timeout"/>, for the module's own thread to be gone once its run has
    /// ended: <see cref="Exited"/> completes as the run returns, a moment before the thread itself
    /// ends. A node that stops leaves no thread of its modules behind it.
    /// </summary>
    public bool JoinThread(TimeSpan timeout) => (_thread is not { } thread || thread == Thread.CurrentThread || thread.Join(timeout)) && (_workers?.Join(timeout) ?? true);

    /// <summary>Lets go of the instance's resources once its run has returned (or it never started).</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _parked, null)?.Abandon();
        _stopping.Dispose();
        Code.Release();
    }

    // ----- The module's side: everything below runs on the module's own thread. -----

    private static T RanSynchronously<T>(ValueTask<T> operation)
    {
        Debug.Assert(operation.IsCompleted, "a synchronous module's blocking call completes before it returns");
        return operation.IsCompleted ? operation.Result : operation.AsTask().GetAwaiter().GetResult();
    }

    private static void RanSynchronously(ValueTask operation)
    {
        Debug.Assert(operation.IsCompleted, "a synchronous module's blocking call completes before it returns");
        if (operation.IsCompleted)
        {
            operation.GetAwaiter().GetResult(); // rethrows, e.g. the cancellation of a deleted module
        }
        else
        {
            operation.AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Whether a capture is asked for while the module stands at a reconfiguration point, blocked in
    /// the statement the point labels: the wait gives way, having consumed nothing.
    /// </summary>
    private bool InterruptPending => Module.Participation is { IsRequested: true, PointSite: not 0 };

    private void InterruptAtPoint()
    {
        if (InterruptPending)
        {
            throw new PointInterruptException();
        }
    }

    private bool ControlPending => _stopping.IsCancellationRequested || (_pauseRequested && _requestsInProgress == 0) || _switchRung || _detachRequested;

    public Message Read(string interfaceName)
    {
        OnTheRun();
        var port = Incoming(interfaceName);
        if (!_pauseRequested && !_detachRequested && !_stopping.IsCancellationRequested && TryTake(port, out var envelope))
        {
            return Take(port, envelope);
        }
        return RanSynchronously(ReadCore(port, synchronously: true, CancellationToken.None));
    }

    public ValueTask<Message> ReadAsync(string interfaceName, CancellationToken cancellationToken)
    {
        OnTheRun();
        var port = Incoming(interfaceName);
        if (!_pauseRequested && !_detachRequested && !_stopping.IsCancellationRequested && TryTake(port, out var envelope))
        {
            return ValueTask.FromResult(Take(port, envelope));
        }
        return ReadCore(port, synchronously: false, cancellationToken);
    }

    // One implementation for both kinds of module: called synchronously, every await below is on a
    // completed task, so a synchronous module blocks its own thread and never touches the pool.
    private async ValueTask<Message> ReadCore(InterfacePort port, bool synchronously, CancellationToken cancellationToken)
    {
        while (true)
        {
            await ObeyControl(synchronously).ConfigureAwait(false);
            {
                // In a block of its own, so that the envelope is not kept in the state machine of a waiting read.
                if (TryTake(port, out var envelope))
                {
                    return Take(port, envelope);
                }
            }
            InterruptAtPoint();
            if (port.Unanswerable is { } why && _requestsInProgress > 0)
            {
                throw new MessageRefusedException(why);
            }
            if (_drainingReplies is not null && port.Spec.Kind is not InterfaceKind.Client && _requestsInProgress > 0)
            {
                // Its use and server queues went to its successor: what it waits for will not come.
                ReportStarvedDrain(port);
            }
            await WaitUntil(ReadyToRead(port, cancellationToken), port.WaitDescription, synchronously, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What ends a wait to read <paramref name="port"/>: a message, or any reason to stop reading. Made
    /// once per port when the wait can be ended only by the module's own stopping token (which
    /// <see cref="ControlPending"/> covers): a reader that keeps up with its writer waits for nearly
    /// every message.
    /// </summary>
    private Func<bool> ReadyToRead(InterfacePort port, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled && cancellationToken != _stopping.Token
            ? ReadyToRead(port, Cancelled(cancellationToken))
            : port.ReadyToRead ??= ReadyToRead(port, static () => false);

    // Apart, so that the cached path above makes no closure for the token.
    private static Func<bool> Cancelled(CancellationToken token) => () => token.IsCancellationRequested;

    private Func<bool> ReadyToRead(InterfacePort port, Func<bool> cancelled) =>
        () => !port.Queue!.IsEmpty || ControlPending || InterruptPending || port.Unanswerable is not null || cancelled();

    /// <summary>
    /// The server <paramref name="interfaceName"/>, a client interface, is bound to is gone with its
    /// node: a reply the module waits for will not come, and its read of it throws rather than hang.
    /// </summary>
    public void Unanswerable(string interfaceName, string why)
    {
        PortOf(interfaceName).Unanswerable = why;
        _doorbell.Ring();
    }

    public void Delay(TimeSpan delay)
    {
        OnTheRun();
        RanSynchronously(DelayCore(delay, synchronously: true, CancellationToken.None));
    }

    public ValueTask DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => DelayCore(delay, synchronously: false, cancellationToken);

    private async ValueTask DelayCore(TimeSpan delay, bool synchronously, CancellationToken cancellationToken)
    {
        await ObeyControl(synchronously).ConfigureAwait(false);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        var due = new StrongBox<bool>();
        using var timer = _services.Time.CreateTimer(
            static state =>
            {
                var (flag, bell) = ((StrongBox<bool>, Doorbell))state!;
                Volatile.Write(ref flag.Value, true);
                bell.Ring();
            },
            (due, _doorbell), delay, Timeout.InfiniteTimeSpan);
        while (!Volatile.Read(ref due.Value))
        {
            InterruptAtPoint();
            await WaitUntil(() => Volatile.Read(ref due.Value) || ControlPending || InterruptPending || cancellationToken.IsCancellationRequested,
                "delay", synchronously, cancellationToken).ConfigureAwait(false);
            await ObeyControl(synchronously).ConfigureAwait(false);
        }
    }

    private async ValueTask WaitUntil(Func<bool> ready, string what, bool synchronously, CancellationToken cancellationToken)
    {
        // A module thread spins a little before it blocks; what comes within the spin ends no wait on
        // record, so a reader that keeps up with its writer writes nothing a writer reads near it.
        if (synchronously && _doorbell.Spin(ready))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return;
        }
        // The module's own stopping token rings the doorbell already (see Stop): an async module that
        // passes it on, as most do, costs no registration per wait.
        using var registration = cancellationToken.CanBeCanceled && cancellationToken != _stopping.Token
            ? cancellationToken.Register(static bell => ((Doorbell)bell!).Ring(), _doorbell)
            : default;
        _waitingFor = what;
        _status = ModuleStatus.Waiting;
        _recording?.Waiting();
        if (synchronously)
        {
            _doorbell.Block(ready);
        }
        else
        {
            while (_doorbell.Arm(ready) is { } wake)
            {
                await wake.ConfigureAwait(false);
            }
        }
        _status = ModuleStatus.Running;
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>At a blocking call: unwinds if deleted, holds still for a drain, parks if a pause is asked for and the moment is quiet.</summary>
    private async ValueTask ObeyControl(bool synchronously)
    {
        _stopping.Token.ThrowIfCancellationRequested();
        AdvanceSwitch();
        if (_detachRequested)
        {
            if (synchronously)
            {
                HoldForDetach();
            }
            else if (SignalDetached())
            {
                await _doorbell.WaitAsync(DetachReleased).ConfigureAwait(false);
                _stopping.Token.ThrowIfCancellationRequested();
            }
        }
        if (!_pauseRequested || _requestsInProgress != 0)
        {
            return;
        }
        // Paused, the module still reports the wait it was in (_waitingFor), for the status.
        lock (_gate)
        {
            if (!_pauseRequested)
            {
                return;
            }
            _status = ModuleStatus.Paused;
            _pausedSignal?.TrySetResult();
        }
        Func<bool> released = () => !_pauseRequested || _stopping.IsCancellationRequested;
        if (synchronously)
        {
            _doorbell.Wait(released);
        }
        else
        {
            await _doorbell.WaitAsync(released).ConfigureAwait(false);
        }
        _status = ModuleStatus.Running;
        _stopping.Token.ThrowIfCancellationRequested();
    }

    private bool _starvationReported; // module thread only

    private void ReportStarvedDrain(InterfacePort port)
    {
        if (!_starvationReported)
        {
            _starvationReported = true;
            LogStarvedDrain(InstanceName, port.Spec.Name, _requestsInProgress);
        }
    }

    /// <summary>
    /// Refuses a bus operation on a worker's thread: the bus's side of a module — its queues, its
    /// requests in progress, its waits — is its run's alone. One field to test for a module without workers.
    /// </summary>
    private void OnTheRun()
    {
        if (_workers is not null && WorkerThread.Current is { } worker)
        {
            throw new InvalidOperationException(
                $"worker '{worker.Name}' of {InstanceName} used the bus: a module's workers do not read, write or wait on its interfaces; its run does, and hands them work through WorkQueues");
        }
    }

    /// <summary>At a bus operation, on the module's thread: holds still while a drain takes the module's queues, if one asks.</summary>
    private void HoldForDetach()
    {
        if (_detachRequested && SignalDetached())
        {
            _doorbell.Wait(DetachReleased);
            _stopping.Token.ThrowIfCancellationRequested();
        }
    }

    /// <returns>Whether the module is to hold still: a detach is still asked for, and its waiter told.</returns>
    private bool SignalDetached()
    {
        lock (_gate)
        {
            if (!_detachRequested)
            {
                return false;
            }
            _detachedSignal?.TrySetResult();
            return true;
        }
    }

    private bool DetachReleased() => !_detachRequested || _stopping.IsCancellationRequested;

    /// <summary>The next message of the port's queue; in a health window, taken through its record (see <see cref="Updates.Probation"/>).</summary>
    private bool TryTake(InterfacePort port, out Envelope envelope) =>
        _probation is { } probation ? probation.TryTake(port.Spec.Name, port.Queue!, out envelope) : port.Queue!.TryDequeue(out envelope);

    private Message Take(InterfacePort port, in Envelope envelope)
    {
        switch (port.Spec.Kind)
        {
            case InterfaceKind.Server:
                port.RepliesOwed.Enqueue(envelope.ReplyTo!);
                _requestsInProgress++;
                break;
            case InterfaceKind.Client:
                _requestsInProgress--; // the reply to one of this module's requests
                break;
        }
        port.Counts.CountTaken();
        _recording?.Took(port.Spec.Name, envelope.Message);
        var message = port.Inbound(envelope.Message);
        _services.Tracer?.Read(InstanceName, port.Spec.Name, message);
        return message;
    }

    public bool HasMessages(string interfaceName)
    {
        OnTheRun();
        HoldForDetach();
        var waiting = !Incoming(interfaceName).Queue!.IsEmpty;
        _recording?.Polled(interfaceName, waiting);
        return waiting;
    }

    public void Write(string interfaceName, in Message message)
    {
        OnTheRun();
        _stopping.Token.ThrowIfCancellationRequested();
        HoldForDetach();
        var port = Port(interfaceName);
        var sent = port.Outbound(message);
        var spec = port.Spec;
        switch (spec.Kind)
        {
            case InterfaceKind.Define:
                if (Made())
                {
                    foreach (var target in port.Targets)
                    {
                        Deliver(target, new Envelope(sent));
                    }
                }
                break;
            case InterfaceKind.Client:
                var servers = port.Targets;
                if (servers.Length == 0)
                {
                    throw port.Refusing($"client interface '{port.Endpoint}' is not bound to a server; the request was not sent");
                }
                if (Made())
                {
                    Deliver(servers[0], new Envelope(sent, port.Queue));
                }
                _requestsInProgress++;
                break;
            default:
                if (!port.RepliesOwed.TryDequeue(out var client))
                {
                    throw port.NoRequestToAnswer();
                }
                _requestsInProgress--;
                if (Made())
                {
                    Reply(client, new Envelope(sent));
                }
                break;
        }

        // The write, accepted: counted in a health window and traced as it is made, before its
        // delivery, which may wait for room. Whether to deliver it: replaying a failed version's
        // health window, a write it already made is not made again; the bookkeeping of requests still
        // happens, since the replayed reads include their replies.
        bool Made()
        {
            _probation?.Wrote(spec.Name);
            port.Counts.CountSent();
            _recording?.Wrote(spec.Name, sent);
            _services.Tracer?.Written(InstanceName, interfaceName, sent);
            return !IsRepeat(spec.Name);
        }
    }

    /// <summary>A server's reply, kept in order with the other version's while two serve side by side (see <see cref="Bus.ReplyOrder"/>).</summary>
    private void Reply(Inbox client, in Envelope reply)
    {
        if (_repliesBehind is { } behind)
        {
            if (behind.TryHold(client, reply))
            {
                return;
            }
            if (behind.IsSettled)
            {
                _repliesBehind = null;
            }
        }
        Deliver(client, reply);
        _drainingReplies?.Answered(client);
    }

    private void Deliver(Inbox target, in Envelope envelope)
    {
        if (target.TryEnqueue(envelope) is { } full)
        {
            HoldUntilDelivered(full, envelope);
        }
    }

    /// <summary>
    /// Backpressure: the module waits, on its own doorbell, until the full queue has room again or is
    /// retired (its writes then go to the successor), and tries again. A deleted module stops waiting.
    /// A module a reconfiguration asks to stop — to pause or to capture its stack — is not held: its
    /// writes go over the bound until it reaches its quiet moment or point. Otherwise a change that
    /// holds a reader still and waits for a writer held at that reader's queue would wait on itself.
    /// </summary>
    private void HoldUntilDelivered(InterfaceQueue full, Envelope envelope)
    {
        for (var at = full; at is not null; at = at.TryEnqueue(envelope, overCapacity: AskedToStop))
        {
            if (AskedToStop)
            {
                continue;
            }
            var queue = at;
            queue.Hold(_doorbell);
            _heldAt = queue;
            _status = ModuleStatus.Held;
            try
            {
                // A pause or capture asked for rings the doorbell too.
                _doorbell.Wait(() => queue.HasRoomAgain || _stopping.IsCancellationRequested || AskedToStop);
            }
            finally
            {
                _status = ModuleStatus.Running;
                _heldAt = null;
                queue.Release(_doorbell);
            }
            _stopping.Token.ThrowIfCancellationRequested();
        }
    }

    private bool AskedToStop => _pauseRequested || _detachRequested || Module.Participation.IsRequested;

    /// <summary>
    /// Prints a line; a print is also a moment at which the module's thread looks at a pending
    /// procedure switch, so that a module that computes and prints without reading switches too.
    /// </summary>
    public void Print(string text)
    {
        _services.Output.Print(InstanceName, text);
        _recording?.Printed(text);
        AdvanceSwitch();
    }

    /// <summary>The stable groups that keep this instance's state, once a transaction has written it there; null for any other instance.</summary>
    public StableGroups? Stable { get; set; }

    public bool CommitState()
    {
        if (Stable is not { } stable)
        {
            return false;
        }
        try
        {
            stable.Commit(this);
            return true;
        }
        catch (Exception exception) when (exception is StableStoreException or State.Graph.StateCaptureException)
        {
            throw new InvalidOperationException($"{InstanceName} could not commit its state: {exception.Message}", exception);
        }
    }

    private InterfacePort Port(string interfaceName)
    {
        // Modules name interfaces with literals, which the runtime interns: the same name is mostly
        // the same string object, and a reference test skips hashing on the hot path.
        if (ReferenceEquals(_lastName, interfaceName))
        {
            return _lastPort!;
        }
        var port = InterfacePort.Find(_ports, Spec, InstanceName, interfaceName);
        (_lastName, _lastPort) = (interfaceName, port);
        return port;
    }

    private InterfacePort Incoming(string interfaceName) => Port(interfaceName).Readable();

    [LoggerMessage(Level = LogLevel.Information, Message = "Module {Instance} ({Module}) started")]
    private partial void LogStarted(string instance, string module);

    [LoggerMessage(Level = LogLevel.Information, Message = "Module {Instance} resumed from its own stack")]
    private partial void LogResumed(string instance);

    [LoggerMessage(Level = LogLevel.Information, Message = "Module {Instance} ended: {Outcome}")]
    private partial void LogEnded(string instance, ModuleStatus outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Module {Instance} stopped at a reconfiguration point with its stack captured")]
    private partial void LogCaptured(string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module {Instance}'s old version, draining, waits to read '{Interface}' with {Requests} request(s) in progress: its requests now go to the new version, so it will not drain; it must answer what it read without reading more")]
    private partial void LogStarvedDrain(string instance, string @interface, int requests);

    [LoggerMessage(Level = LogLevel.Error, Message = "Module {Instance} faulted: its worker {Worker} threw")]
    private partial void LogWorkerFaulted(Exception exception, string instance, string worker);

    [LoggerMessage(Level = LogLevel.Error, Message = "Module {Instance} faulted")]
    private partial void LogFaulted(Exception exception, string instance);
}
