using Midflight.Model;
using Midflight.Runtime.Hosting;

namespace Midflight.Runtime;

/// <summary>
/// Checks a reconfiguration without touching anything: the steps are replayed on a draft of the
/// application, in order, each against the state the previous ones left, and the result is
/// checked as a whole. What the transaction then needs to do is read off the draft.
/// </summary>
/// <remarks>
/// The draft holds what the steps change, over the application as it is: its cost follows the size
/// of the change, never the number of instances or bindings, so a replace of one instance among a
/// hundred thousand costs what it costs among three.
/// </remarks>
internal sealed class ApplicationDraft
{
    private readonly ApplicationState _before;
    private readonly Dictionary<ModuleRef, ModuleSpec> _new = [];
    private readonly HashSet<string> _gone = new(StringComparer.Ordinal);
    private readonly HashSet<(EndpointRef From, EndpointRef To)> _unbound = [];
    private readonly List<(EndpointRef From, EndpointRef To)> _bound = [];

    private ApplicationDraft(ApplicationState before) => _before = before;

    /// <summary>Bindings of the application that the change deletes (and does not make again).</summary>
    public IReadOnlyCollection<(EndpointRef From, EndpointRef To)> RemovedBindings => _unbound;

    /// <summary>Bindings the change makes, in the order it makes them.</summary>
    public IReadOnlyList<(EndpointRef From, EndpointRef To)> AddedBindings => _bound;

    /// <summary>Whether <paramref name="module"/> is there once the steps so far have been replayed.</summary>
    public bool Contains(ModuleRef module) => SpecOf(module) is not null;

    /// <summary>The specification of <paramref name="module"/> once the steps so far have been replayed; null if it is not there.</summary>
    public ModuleSpec? SpecOf(ModuleRef module) =>
        module.IsNew ? _new.GetValueOrDefault(module)
        : _gone.Contains(module.Name) ? null
        : _before.SpecOf(module.Name);

    /// <summary>The bindings of the application once the change commits: a new table at each call.</summary>
    public BindingTable BindingsAfter() =>
        _before.Bindings.With(_unbound.Select(Spec), _bound.Select(Spec));

    /// <summary>Where <paramref name="from"/> writes once the change commits, in the order its bindings were made.</summary>
    public IEnumerable<EndpointRef> TargetsOf(EndpointRef from) =>
        (from.Module.IsNew ? [] : _before.Bindings.From(from.Endpoint).Select(Ref).Where(b => !_unbound.Contains(b)))
            .Concat(_bound.Where(b => b.From == from))
            .Select(b => b.To);

    private static BindingSpec Spec((EndpointRef From, EndpointRef To) binding) => new(binding.From.Endpoint, binding.To.Endpoint);

    private static (EndpointRef From, EndpointRef To) Ref(BindingSpec binding) =>
        (ModuleRef.Current(binding.From.Instance)[binding.From.Interface], ModuleRef.Current(binding.To.Instance)[binding.To.Interface]);

    private bool IsBound((EndpointRef From, EndpointRef To) binding) =>
        _bound.Contains(binding) || (IsOfTheApplication(binding) && !_unbound.Contains(binding));

    private bool IsOfTheApplication((EndpointRef From, EndpointRef To) binding) =>
        !binding.From.Module.IsNew && !binding.To.Module.IsNew && _before.Bindings.Contains(Spec(binding));

    public List<(int Step, AddModule Add)> Added { get; } = [];

    public List<ModuleRef> Deleted { get; } = [];

    /// <summary>The deleted modules the transaction does not wait for (<see cref="DeleteModule.Forced"/>).</summary>
    public HashSet<ModuleRef> ForcedOut { get; } = [];

    /// <summary>The deleted modules that run on until drained (<see cref="DeleteModule.Drained"/>).</summary>
    public HashSet<ModuleRef> DrainedOut { get; } = [];

    public HashSet<ModuleRef> Started { get; } = [];

    public HashSet<ModuleRef> Stopped { get; } = [];

    /// <summary>Copies and removals of queues, in plan order: the order matters (copy then remove, as in Figure 5).</summary>
    public List<ReconfigurationStep> QueueSteps { get; } = [];

    public List<(int Step, MoveState Move)> StateMoves { get; } = [];

    public List<(int Step, InstallState Install)> Installs { get; } = [];

    /// <summary>Every module the transaction must hold still while it works: their queues or states are read, or they go.</summary>
    public IEnumerable<ModuleRef> ToQuiesce =>
        Deleted
            .Concat(Stopped)
            .Concat(StateMoves.Select(m => m.Move.From))
            .Concat(QueueSteps.SelectMany(s => s switch
            {
                CopyQueue copy => new[] { copy.From.Module },
                RemoveQueue remove => [remove.At.Module],
                _ => [],
            }))
            .Where(m => !m.IsNew && !ForcedOut.Contains(m))
            .Distinct();

    public static ApplicationDraft Plan(ApplicationState before, Reconfiguration reconfiguration)
    {
        var draft = new ApplicationDraft(before);
        for (var i = 0; i < reconfiguration.Steps.Length; i++)
        {
            var step = reconfiguration.Steps[i];
            if (draft.Apply(i + 1, step) is { } problem)
            {
                throw ReconfigurationException.AtStep(i + 1, step, problem);
            }
        }
        draft.CheckResult();
        draft.CheckDrained();
        return draft;
    }

    private string? Apply(int number, ReconfigurationStep step)
    {
        switch (step)
        {
            case AddModule add:
                if (!add.Module.IsNew)
                {
                    return $"a module a reconfiguration adds is a new incarnation: name it ModuleRef.New(\"{add.Module.Name}\")";
                }
                if (!_new.TryAdd(add.Module, add.Spec))
                {
                    return $"module {add.Module} is already added";
                }
                Added.Add((number, add));
                return null;
            case DeleteModule delete:
                if (delete.Module.IsNew)
                {
                    return $"module {delete.Module} is added by this reconfiguration and cannot be deleted by it";
                }
                if (!Contains(delete.Module))
                {
                    return $"there is no module {delete.Module}";
                }
                if (delete.Forced && delete.Drained)
                {
                    return $"module {delete.Module} cannot be both deleted by force and drained";
                }
                _gone.Add(delete.Module.Name);
                Deleted.Add(delete.Module);
                if (delete.Forced)
                {
                    ForcedOut.Add(delete.Module);
                }
                if (delete.Drained)
                {
                    DrainedOut.Add(delete.Module);
                }
                return null;
            case AddBinding add:
                return AddBinding(add);
            case DeleteBinding delete:
                return Unbind((delete.From, delete.To)) || Unbind((delete.To, delete.From))
                    ? null
                    : $"there is no binding between {delete.From} and {delete.To}";
            case CopyQueue copy:
                if (Incoming(copy.From, out var from) is { } fromProblem)
                {
                    return fromProblem;
                }
                if (Incoming(copy.To, out var to) is { } toProblem)
                {
                    return toProblem;
                }
                if (copy.From == copy.To)
                {
                    return "a queue cannot be copied to itself";
                }
                if (!from!.Incoming!.SameShapeAs(to!.Incoming!))
                {
                    return $"the queue of {copy.From} holds {from.Incoming} and {copy.To} reads {to.Incoming}";
                }
                QueueSteps.Add(copy);
                return null;
            case RemoveQueue remove:
                if (Incoming(remove.At, out _) is { } removeProblem)
                {
                    return removeProblem;
                }
                QueueSteps.Add(remove);
                return null;
            case MoveState move:
                if (move.From.IsNew || !Contains(move.From))
                {
                    return $"state moves from a current module, and there is no current module {move.From}";
                }
                if (!move.To.IsNew || !Contains(move.To))
                {
                    return $"state moves to a module this reconfiguration adds, and it adds no {move.To}";
                }
                if (StateMoves.Any(m => m.Move.To == move.To) || Installs.Any(i => i.Install.To == move.To))
                {
                    return $"{move.To} already receives a state";
                }
                StateMoves.Add((number, move));
                return null;
            case InstallState install:
                if (!install.To.IsNew || !Contains(install.To))
                {
                    return $"a snapshot is installed in a module this reconfiguration adds, and it adds no {install.To}";
                }
                if (StateMoves.Any(m => m.Move.To == install.To) || Installs.Any(i => i.Install.To == install.To))
                {
                    return $"{install.To} already receives a state";
                }
                if (install.ReplaysFrom is { } replayed && (replayed.IsNew || !Contains(replayed)))
                {
                    return $"there is no current module {replayed} to replay";
                }
                Installs.Add((number, install));
                return null;
            case StartModule start:
                if (!Contains(start.Module))
                {
                    return $"there is no module {start.Module}";
                }
                Stopped.Remove(start.Module);
                Started.Add(start.Module);
                return null;
            case StopModule stop:
                if (stop.Module.IsNew || !Contains(stop.Module))
                {
                    return $"there is no current module {stop.Module}";
                }
                Started.Remove(stop.Module);
                Stopped.Add(stop.Module);
                return null;
            default:
                return $"unknown step {step.GetType().Name}";
        }
    }

    private string? AddBinding(AddBinding add)
    {
        if (Interface(add.From, out var fromSpec) is { } fromProblem)
        {
            return fromProblem;
        }
        if (Interface(add.To, out var toSpec) is { } toProblem)
        {
            return toProblem;
        }
        if (BindingRules.Check(add.From.Endpoint, fromSpec!, add.To.Endpoint, toSpec!, out _) is { } problem)
        {
            return $"{problem.Code}: {problem.Message}";
        }
        // Held outgoing side first, as in the model; decided by kind, since the old and the new
        // incarnation of a module have the same endpoint names.
        var binding = fromSpec!.Kind.IsOutgoing() ? (add.From, add.To) : (add.To, add.From);
        if (IsBound(binding))
        {
            return $"the binding {binding.Item1} -> {binding.Item2} already exists";
        }
        // One the change deleted and makes again is as it was.
        if (!_unbound.Remove(binding))
        {
            _bound.Add(binding);
        }
        return null;
    }

    private bool Unbind((EndpointRef From, EndpointRef To) binding) =>
        _bound.Remove(binding) || (IsOfTheApplication(binding) && _unbound.Add(binding));

    private string? Interface(EndpointRef endpoint, out InterfaceSpec? spec)
    {
        spec = null;
        if (SpecOf(endpoint.Module) is not { } module)
        {
            return $"there is no module {endpoint.Module}";
        }
        spec = module.FindInterface(endpoint.Interface);
        return spec is null
            ? $"module {endpoint.Module} has no interface '{endpoint.Interface}'; it has: {string.Join(", ", module.Interfaces.Select(i => i.Name))}"
            : null;
    }

    private string? Incoming(EndpointRef endpoint, out InterfaceSpec? spec)
    {
        if (Interface(endpoint, out spec) is { } problem)
        {
            return problem;
        }
        return spec!.Incoming is null ? $"{endpoint} is a {spec.Kind.Keyword()} interface and has no queue" : null;
    }

    /// <summary>
    /// A drained module runs on with its state and its requests: its state moves nowhere, and the
    /// queues of its client interfaces, where the replies to its requests come, stay its own.
    /// </summary>
    private void CheckDrained()
    {
        if (StateMoves.FirstOrDefault(m => DrainedOut.Contains(m.Move.From)) is { Move: not null } move)
        {
            throw ReconfigurationException.AtStep(move.Step, move.Move, $"{move.Move.From} is drained: it runs on with its state, which cannot move to another instance too");
        }
        var clientQueue = QueueSteps
            .Select(s => s switch
            {
                CopyQueue copy => copy.From,
                RemoveQueue remove => remove.At,
                _ => (EndpointRef?)null,
            })
            .FirstOrDefault(at => at is { } queue && DrainedOut.Contains(queue.Module)
                && _before.SpecOf(queue.Module.Name)!.FindInterface(queue.Interface)!.Kind == InterfaceKind.Client);
        if (clientQueue is { } kept)
        {
            throw new ReconfigurationException(
                $"{kept} is the queue of a client interface of {kept.Module}, which is drained: the replies to its requests come there, and it takes them itself; copy and remove only its use and server queues");
        }
    }

    /// <summary>Checks the application the change leaves, where the change touched it: what it did not touch was right before.</summary>
    private void CheckResult()
    {
        var twice = _new.Keys.Select(m => m.Name).FirstOrDefault(name => Contains(ModuleRef.Current(name)));
        if (twice is not null)
        {
            throw new ReconfigurationException($"instance '{twice}' would exist twice: the reconfiguration adds a new '{twice}' without deleting the current one");
        }
        var dangling = _bound.Where(b => !Contains(b.From.Module) || !Contains(b.To.Module))
            .Concat(_gone.SelectMany(_before.Bindings.Touching).Distinct().Select(Ref).Where(b => !_unbound.Contains(b)))
            .ToList();
        if (dangling.Count > 0)
        {
            throw new ReconfigurationException(
                $"bindings would be left to deleted modules: {string.Join(", ", dangling.Select(b => $"{b.From} -> {b.To}"))}; delete them in the reconfiguration");
        }
        var clientTwice = _bound.Select(b => b.From).Distinct()
            .Where(from => SpecOf(from.Module)!.FindInterface(from.Interface)!.Kind == InterfaceKind.Client)
            .Select(from => (From: from, Servers: TargetsOf(from).Count()))
            .FirstOrDefault(client => client.Servers > 1);
        if (clientTwice.Servers > 1)
        {
            throw new ReconfigurationException($"client interface {clientTwice.From} would be bound to {clientTwice.Servers} servers; a request needs exactly one");
        }
    }
}
