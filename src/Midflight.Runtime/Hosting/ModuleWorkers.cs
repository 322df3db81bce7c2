using System.Reflection;
using Midflight.Runtime.Bus;

namespace Midflight.Runtime.Hosting;

/// <summary>
/// The workers of one module instance (<see cref="WorkerAttribute"/>): their threads, how a capture
/// asks each for its stack and waits until every one has given it or ended, and how they start again —
/// from their own stacks, from a snapshot's, or afresh.
/// </summary>
/// <remarks>
/// Each worker has a capture context and a doorbell of its own: it stops at its own points, on its own
/// stack, while the others run on. A capture holds once every worker has unwound at a point or ended
/// (<see cref="StoppedAsync"/>); a capture given up before that lets each worker that unwound go on
/// from its own stack as soon as it has, and the others never stop.
/// </remarks>
internal sealed class ModuleWorkers
{
    private enum State
    {
        NotStarted,
        Running,
        Captured, // unwound at a point, its stack in its context
        Ended, // its method returned, or the module was deleted: not started again
    }

    private sealed class Worker(WorkerThread thread, MethodInfo running, MethodInfo resuming, object?[] arguments, Doorbell doorbell)
    {
        public WorkerThread Thread { get; } = thread;

        public MethodInfo Running { get; } = running;

        public MethodInfo Resuming { get; } = resuming;

        public object?[] Arguments { get; } = arguments;

        public Doorbell Doorbell { get; } = doorbell;

        public State State { get; set; }

        public Thread? OsThread { get; set; }
    }

    private sealed class Waiting(Doorbell doorbell, CancellationToken stopping) : IWorkerWait
    {
        public CancellationToken Stopping => stopping;

        public void Block(Func<bool> ready) => doorbell.Wait(ready);

        public void Ring() => doorbell.Ring();
    }

    private readonly Lock _gate = new();
    private readonly List<Worker> _workers;
    private readonly ModuleBase _module;
    private readonly ActivityTracker _activity;
    private readonly Action<string, Exception> _faulted;
    private TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running; // under _gate
    private bool _givenUp; // under _gate: a capture given up; a worker that unwinds goes on from its own stack
    private bool _waiterSuspended; // under _gate: the module's run waits in StoppedAsync, counted as suspended

    private ModuleWorkers(ModuleBase module, ActivityTracker activity, Action<string, Exception> faulted, List<Worker> workers)
    {
        _module = module;
        _activity = activity;
        _faulted = faulted;
        _workers = workers;
        _stopped.TrySetResult();
    }

    /// <summary>The workers <paramref name="module"/>'s class declares; null if it declares none.</summary>
    /// <param name="module">The module instance the workers work in.</param>
    /// <param name="activity">The node's count of running threads, which the workers' own count in.</param>
    /// <param name="faulted">Told of a worker that threw: the module has failed.</param>
    /// <param name="stopping">The module's deletion, which ends the workers' waits.</param>
    /// <exception cref="ModuleLoadException">It declares workers its kind of module cannot have, or in a build that did not prepare them.</exception>
    public static ModuleWorkers? Of(ModuleBase module, ActivityTracker activity, Action<string, Exception> faulted, CancellationToken stopping)
    {
        var declared = Declared.GetValue(module.GetType(), Declare);
        if (declared.Failure is { } failure)
        {
            throw new ModuleLoadException(failure);
        }
        if (declared.Methods.Count == 0)
        {
            return null;
        }
        var workers = new List<Worker>();
        foreach (var (running, resuming, count) in declared.Methods)
        {
            var indexed = running.GetParameters().Length == 2;
            for (var index = 0; index < count; index++)
            {
                var doorbell = new Doorbell(activity);
                var thread = new WorkerThread($"{running.Name}[{index}]", new CaptureContext(), new Waiting(doorbell, stopping));
                workers.Add(new Worker(thread, running, resuming, indexed ? [thread.Context, index] : [thread.Context], doorbell));
            }
        }
        return new ModuleWorkers(module, activity, faulted, workers);
    }

    /// <summary>The worker methods of a module class — what runs each, what resumes it, how many — or why it cannot have them.</summary>
    private sealed record Declaration(IReadOnlyList<(MethodInfo Running, MethodInfo Resuming, int Count)> Methods, string? Failure = null);

    // Read once per module class: a launch of a hundred thousand instances of one module reflects on it once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Type, Declaration> Declared = [];

    private static Declaration Declare(Type type)
    {
        var declared = type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<WorkerAttribute>()))
            .Where(m => m.Attribute is not null)
            .OrderBy(m => m.Method.Name, StringComparer.Ordinal)
            .ToList();
        if (declared.Count == 0)
        {
            return new([]);
        }
        if (Attribute.IsDefined(type, typeof(ProcedureUpdatesAttribute)))
        {
            return new([], $"module class '{type.FullName}' declares workers and is marked [ProcedureUpdates]: its procedures switch when its run's stack shows them inactive, and a worker's stack is another; a module with workers is updated whole");
        }
        if (!type.IsSubclassOf(typeof(Module)) || !Attribute.IsDefined(type, typeof(PreparedForReconfigurationAttribute)))
        {
            return new([], $"module class '{type.FullName}' declares workers ({string.Join(", ", declared.Select(d => d.Method.Name))}), which only a Module prepared by Midflight's build, with reconfiguration points its workers reach, can have: their stacks move at their points");
        }
        var methods = new List<(MethodInfo, MethodInfo, int)>();
        foreach (var (running, attribute) in declared)
        {
            // Prepared, a worker takes its capture context first: Crunch(CaptureContext, int) beside __mf_resume_Crunch.
            var resuming = type.GetMethod("__mf_resume_" + running.Name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            if (running.GetParameters() is not [{ ParameterType: var context }, ..] || context != typeof(CaptureContext) || resuming is null)
            {
                return new([], $"worker '{running.Name}' of module class '{type.FullName}' was not prepared by Midflight's build: it must reach a reconfiguration point its specification names");
            }
            methods.Add((running, resuming, attribute!.Count));
        }
        return new(methods);
    }

    /// <summary>The workers as the participation code knows them, in a fixed order.</summary>
    public IReadOnlyList<WorkerThread> Threads => [.. _workers.Select(w => w.Thread)];

    /// <summary>The workers by name, for a snapshot's stacks to find theirs.</summary>
    public IReadOnlyDictionary<string, WorkerThread> ByName => _workers.ToDictionary(w => w.Thread.Name, w => w.Thread, StringComparer.Ordinal);

    /// <summary>
    /// Starts every worker that is to run: one never started, afresh or from the stack a snapshot gave
    /// it; one that unwound at a point, from its own stack. One that ended stays ended, and one that
    /// runs goes on.
    /// </summary>
    public void Start(string instanceName)
    {
        lock (_gate)
        {
            _givenUp = false;
            foreach (var worker in _workers.Where(w => w.State is State.NotStarted or State.Captured))
            {
                if (worker.State == State.Captured)
                {
                    worker.Thread.Context.ResumeOwnStack();
                }
                Launch(worker, instanceName);
            }
        }
    }

    /// <summary>Marks the workers a snapshot holds as ended: not started again. Before <see cref="Start"/>.</summary>
    public void Ended(IEnumerable<string> names)
    {
        var ended = names.ToHashSet(StringComparer.Ordinal);
        foreach (var worker in _workers.Where(w => ended.Contains(w.Thread.Name)))
        {
            worker.State = State.Ended;
        }
    }

    // Under _gate.
    private void Launch(Worker worker, string instanceName)
    {
        worker.State = State.Running;
        if (_running++ == 0)
        {
            _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        var method = worker.Thread.Context.IsRestoring ? worker.Resuming : worker.Running;
        // Counted before the thread exists, so the node cannot look idle while the worker starts.
        _activity.Resumed();
        worker.OsThread = new Thread(() => RunToEnd(worker, method, instanceName)) { IsBackground = true, Name = $"midflight {instanceName} {worker.Thread.Name}" };
        worker.OsThread.Start();
    }

    private void RunToEnd(Worker worker, MethodInfo method, string instanceName)
    {
        var context = worker.Thread.Context;
        try
        {
            worker.Thread.Run(() => method.Invoke(_module, BindingFlags.DoNotWrapExceptions, binder: null, worker.Arguments, culture: null));
        }
        catch (OperationCanceledException) when (!context.IsCapturing)
        {
            // Deleted: the module's stopping token ended a wait.
        }
#pragma warning disable CA1031 // A worker's failure is its module's: reported, and the module fails.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            if (context.IsCapturing)
            {
                context.Discard();
            }
            _faulted(worker.Thread.Name, exception);
        }
        finally
        {
            _activity.Suspended();
        }
        lock (_gate)
        {
            worker.State = context.IsCapturing ? State.Captured : State.Ended;
            if (worker.State == State.Captured && _givenUp)
            {
                // The capture was given up while it unwound: it goes on from its own stack.
                context.ResumeOwnStack();
                Launch(worker, instanceName);
            }
            if (--_running == 0)
            {
                Stopped(_stopped);
            }
        }
    }

    /// <summary>Asks every running worker to stop at its next point, and wakes those that wait, to see so.</summary>
    public void Request()
    {
        lock (_gate)
        {
            foreach (var worker in _workers.Where(w => w.State == State.Running))
            {
                worker.Thread.Context.Request();
                worker.Doorbell.Ring();
            }
        }
    }

    /// <summary>
    /// Completes once no worker runs: each has unwound at a point or ended — or the capture it waited
    /// for was given up. The module's run, waiting, counts as suspended meanwhile: only the workers can
    /// make progress, and the one that completes the wait counts the run as woken.
    /// </summary>
    public Task StoppedAsync()
    {
        lock (_gate)
        {
            if (!_stopped.Task.IsCompleted && !_waiterSuspended)
            {
                _waiterSuspended = true;
                _activity.Suspended();
            }
            return _stopped.Task;
        }
    }

    // Under _gate: the wait in StoppedAsync ends.
    private void Stopped(TaskCompletionSource stopped)
    {
        if (stopped.TrySetResult() && _waiterSuspended)
        {
            _waiterSuspended = false;
            _activity.Resumed();
        }
    }

    /// <summary>
    /// Gives up a capture: requests not yet met are withdrawn, and a worker that unwound goes on from
    /// its own stack — now if it has, or as soon as it has. A wait in <see cref="StoppedAsync"/> ends.
    /// </summary>
    public void GiveUp(string instanceName)
    {
        lock (_gate)
        {
            _givenUp = true;
            var waiting = _stopped; // a relaunch below may make the next one
            foreach (var worker in _workers)
            {
                worker.Thread.Context.Withdraw();
                if (worker.State == State.Captured)
                {
                    worker.Thread.Context.ResumeOwnStack();
                    Launch(worker, instanceName);
                }
            }
            Stopped(waiting);
            if (_running > 0)
            {
                // Workers that never stopped run on: the next capture waits for them afresh.
                _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Wakes every worker, to see the module deleted.</summary>
    public void Wake()
    {
        foreach (var worker in _workers)
        {
            worker.Doorbell.Ring();
        }
    }

    /// <summary>Waits, up to <paramref name="timeout"/>, for the workers' threads to be gone.</summary>
    public bool Join(TimeSpan timeout) => _workers.All(w => w.OsThread is not { } thread || thread == Thread.CurrentThread || thread.Join(timeout));
}
