using Midflight.Model;

namespace Midflight.Runtime;

/// <summary>
/// Checks a reconfiguration without touching anything: the steps are replayed on a copy of the
/// application's model, in order, each against the state the previous ones left, and the result is
/// checked as a whole. What the transaction then needs to do is read off the draft.
/// </summary>
internal sealed class ApplicationDraft
{
    private readonly Dictionary<ModuleRef, ModuleSpec> _modules = [];
    private readonly List<(EndpointRef From, EndpointRef To)> _bindings = [];

    private ApplicationDraft(IReadOnlyDictionary<string, ModuleSpec> modules, IEnumerable<BindingSpec> bindings)
    {
        foreach (var (name, spec) in modules)
        {
            _modules.Add(ModuleRef.Current(name), spec);
        }
        foreach (var binding in bindings)
        {
            _bindings.Add((Ref(binding.From), Ref(binding.To)));
        }
        Initial = [.. _bindings];
    }

    private static EndpointRef Ref(Endpoint endpoint) => ModuleRef.Current(endpoint.Instance)[endpoint.Interface];

    public IReadOnlyList<(EndpointRef From, EndpointRef To)> Initial { get; }

    public IReadOnlyList<(EndpointRef From, EndpointRef To)> Bindings => _bindings;

    public IReadOnlyDictionary<ModuleRef, ModuleSpec> Modules => _modules;

    public List<(int Step, AddModule Add)> Added { get; } = [];

    public List<ModuleRef> Deleted { get; } = [];

    /// <summary>The deleted modules the transaction does not wait for (<see cref="DeleteModule.Forced"/>).</summary>
    public HashSet<ModuleRef> ForcedOut { get; } = [];

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

    public static ApplicationDraft Plan(IReadOnlyDictionary<string, ModuleSpec> modules, IEnumerable<BindingSpec> bindings, Reconfiguration reconfiguration)
    {
        var draft = new ApplicationDraft(modules, bindings);
        for (var i = 0; i < reconfiguration.Steps.Length; i++)
        {
            var step = reconfiguration.Steps[i];
            if (draft.Apply(i + 1, step) is { } problem)
            {
                throw ReconfigurationException.AtStep(i + 1, step, problem);
            }
        }
        draft.CheckResult();
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
                if (!_modules.TryAdd(add.Module, add.Spec))
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
                if (!_modules.Remove(delete.Module))
                {
                    return $"there is no module {delete.Module}";
                }
                Deleted.Add(delete.Module);
                if (delete.Forced)
                {
                    ForcedOut.Add(delete.Module);
                }
                return null;
            case AddBinding add:
                return AddBinding(add);
            case DeleteBinding delete:
                return _bindings.Remove((delete.From, delete.To)) || _bindings.Remove((delete.To, delete.From))
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
                if (move.From.IsNew || !_modules.ContainsKey(move.From))
                {
                    return $"state moves from a current module, and there is no current module {move.From}";
                }
                if (!move.To.IsNew || !_modules.ContainsKey(move.To))
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
                if (!install.To.IsNew || !_modules.ContainsKey(install.To))
                {
                    return $"a snapshot is installed in a module this reconfiguration adds, and it adds no {install.To}";
                }
                if (StateMoves.Any(m => m.Move.To == install.To) || Installs.Any(i => i.Install.To == install.To))
                {
                    return $"{install.To} already receives a state";
                }
                if (install.ReplaysFrom is { } replayed && (replayed.IsNew || !_modules.ContainsKey(replayed)))
                {
                    return $"there is no current module {replayed} to replay";
                }
                Installs.Add((number, install));
                return null;
            case StartModule start:
                if (!_modules.ContainsKey(start.Module))
                {
                    return $"there is no module {start.Module}";
                }
                Stopped.Remove(start.Module);
                Started.Add(start.Module);
                return null;
            case StopModule stop:
                if (stop.Module.IsNew || !_modules.ContainsKey(stop.Module))
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
        if (_bindings.Contains(binding))
        {
            return $"the binding {binding.Item1} -> {binding.Item2} already exists";
        }
        _bindings.Add(binding);
        return null;
    }

    private string? Interface(EndpointRef endpoint, out InterfaceSpec? spec)
    {
        spec = null;
        if (!_modules.TryGetValue(endpoint.Module, out var module))
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

    private void CheckResult()
    {
        var twice = _modules.Keys.Where(m => m.IsNew && _modules.ContainsKey(ModuleRef.Current(m.Name))).Select(m => m.Name).FirstOrDefault();
        if (twice is not null)
        {
            throw new ReconfigurationException($"instance '{twice}' would exist twice: the reconfiguration adds a new '{twice}' without deleting the current one");
        }
        var dangling = _bindings.Where(b => !_modules.ContainsKey(b.From.Module) || !_modules.ContainsKey(b.To.Module)).ToList();
        if (dangling.Count > 0)
        {
            throw new ReconfigurationException(
                $"bindings would be left to deleted modules: {string.Join(", ", dangling.Select(b => $"{b.From} -> {b.To}"))}; delete them in the reconfiguration");
        }
        var clientTwice = _bindings.GroupBy(b => b.From).FirstOrDefault(g => g.Count() > 1 && _modules[g.Key.Module].FindInterface(g.Key.Interface)!.Kind == InterfaceKind.Client);
        if (clientTwice is not null)
        {
            throw new ReconfigurationException($"client interface {clientTwice.Key} would be bound to {clientTwice.Count()} servers; a request needs exactly one");
        }
    }
}
