using Midflight.Model;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// Builds one reconfiguration from the primitives, as a script does, out of several changes: it keeps
/// track of which incarnation of each instance and which bindings the steps so far leave, so that a
/// later change in the same plan names the new incarnation an earlier one added.
/// </summary>
internal sealed class PlanBuilder(ApplicationStatus application)
{
    private readonly List<ReconfigurationStep> _steps = [];
    private readonly Dictionary<string, ModuleRef> _incarnations = new(StringComparer.Ordinal);
    private readonly List<(EndpointRef From, EndpointRef To)> _bindings =
        [.. application.Bindings.Select(b => (Current(b.From), Current(b.To)))];

    private static EndpointRef Current(Endpoint endpoint) => ModuleRef.Current(endpoint.Instance)[endpoint.Interface];

    private ModuleRef Incarnation(string instance) => _incarnations.GetValueOrDefault(instance, ModuleRef.Current(instance));

    /// <summary>
    /// Figure 5: a new incarnation of <paramref name="instance"/> takes its bindings and its queued
    /// messages — or, with <paramref name="discardQueues"/>, starts with empty queues, what was queued
    /// discarded — gets a state by <paramref name="state"/> (a move from the old one, by default), and
    /// starts; the old one is deleted.
    /// </summary>
    public PlanBuilder Replace(string instance, bool discardQueues = false, Func<ModuleRef, ModuleRef, ReconfigurationStep>? state = null)
    {
        var old = Incarnation(instance);
        var @new = ModuleRef.New(instance);
        _steps.Add(new AddModule(@new, application[instance].Spec));
        foreach (var (from, to) in _bindings.Where(b => b.From.Module == old || b.To.Module == old).ToList())
        {
            Unbind(from, to);
            Bind(from.Module == old ? @new[from.Interface] : from, to.Module == old ? @new[to.Interface] : to);
        }
        foreach (var queue in application[instance].Spec.Interfaces.Where(i => i.Incoming is not null))
        {
            if (!discardQueues)
            {
                _steps.Add(new CopyQueue(old[queue.Name], @new[queue.Name]));
            }
            _steps.Add(new RemoveQueue(old[queue.Name]));
        }
        _steps.Add(state?.Invoke(old, @new) ?? new MoveState(old, @new));
        _steps.Add(new StartModule(@new));
        _steps.Add(new DeleteModule(old));
        _incarnations[instance] = @new;
        return this;
    }

    /// <summary>Moves one of <paramref name="producer"/>'s bindings — the one to <paramref name="reader"/>, if it has one — to <paramref name="reader"/>.</summary>
    public PlanBuilder MoveBinding(string producer, string reader)
    {
        var to = Incarnation(reader)["in"];
        var bound = _bindings.Where(b => b.From.Module == Incarnation(producer) && b.From.Interface == "out")
            .OrderBy(b => b.To == to ? 0 : 1).ThenBy(b => b.To.Module.Name, StringComparer.Ordinal).ToList();
        if (bound.Count > 0)
        {
            Unbind(bound[0].From, bound[0].To);
        }
        Bind(Incarnation(producer)["out"], to);
        return this;
    }

    public Reconfiguration Build(string title) => new([.. _steps]) { Title = title };

    private void Unbind(EndpointRef from, EndpointRef to)
    {
        _steps.Add(new DeleteBinding(from, to));
        _bindings.Remove((from, to));
    }

    private void Bind(EndpointRef from, EndpointRef to)
    {
        _steps.Add(new AddBinding(from, to));
        _bindings.Add((from, to));
    }
}
