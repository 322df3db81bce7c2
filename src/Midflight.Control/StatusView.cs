using Midflight.Runtime;

namespace Midflight.Control;

/// <summary>
/// An instance as the control endpoint reports it, in JSON: its module and the version it runs, where
/// it runs (its <c>machine</c> attribute, if it has one), what it is doing and its queue depths.
/// </summary>
public sealed record InstanceView(
    string Name, string Module, string Source, string? Machine, string Status, string? WaitingFor, bool AwaitedAtPoint, IReadOnlyDictionary<string, int> QueueDepths)
{
    /// <summary>The node of the cluster that runs it; null on the embedded node.</summary>
    public string? Node { get; init; }

    /// <summary>Its procedures that run updated code, with the procedure update each runs (empty if none).</summary>
    public IReadOnlyDictionary<string, int> Procedures { get; init; } = new Dictionary<string, int>();

    /// <summary>With a procedure switch pending, the active procedures that hold it; null with none pending.</summary>
    public IReadOnlyList<string>? SwitchHeldBy { get; init; }

    /// <summary>The reconfiguration points its module declares (<c>reconfiguration point = {R}</c>).</summary>
    public IReadOnlyList<string> Points { get; init; } = [];

    /// <summary>What each interface has sent, taken and had refused since the instance was added; empty for one on another node.</summary>
    public IReadOnlyDictionary<string, MessageCounts> Messages { get; init; } = new Dictionary<string, MessageCounts>();

    /// <summary>How many objects its version's lazy mappers have converted (see <c>Versioned</c>).</summary>
    public long LazilyConverted { get; init; }

    internal static InstanceView Of(InstanceStatus instance) => new(
        instance.Name, instance.Spec.Name, instance.Spec.Source.ToString(),
        instance.Spec.Attributes.LastOrDefault(a => a.Name == "machine")?.Value,
        instance.Activity.Status.ToString(), instance.Activity.WaitingFor, instance.Activity.AwaitedAtPoint, instance.QueueDepths)
    {
        Node = instance.Node,
        Procedures = instance.Procedures,
        SwitchHeldBy = instance.SwitchHeldBy,
        Points = [.. instance.Spec.ReconfigurationPoints.Select(p => p.Label)],
        Messages = instance.Messages,
        LazilyConverted = instance.LazilyConverted,
    };
}

/// <summary>A node of the cluster: its name, address, reachability (<c>up</c>, <c>unreachable</c>, <c>lost</c>…) and the instances it hosts.</summary>
public sealed record NodeView(string Name, string Address, string Reachability, IReadOnlyList<string> Instances);

/// <summary>One end of a binding: an instance's interface.</summary>
public sealed record EndpointView(string Instance, string Interface);

/// <summary>A binding, from a client or use interface to a server or define interface.</summary>
public sealed record BindingView(EndpointView From, EndpointView To)
{
    public override string ToString() => $"\"{From.Instance} {From.Interface}\" -> \"{To.Instance} {To.Interface}\"";
}

/// <summary>A group of instances that change together (<c>group NAME {MEMBER, …} stable</c>).</summary>
public sealed record GroupView(string Name, IReadOnlyList<string> Members, bool Stable)
{
    public override string ToString() => $"group {Name} {{{string.Join(", ", Members)}}}{(Stable ? " stable" : "")}";
}

/// <summary>An instance's old version draining beside its new one: what it runs, what it is doing, and the replies it still owes.</summary>
public sealed record DrainingView(string Name, string Source, string Activity, int RepliesOwed)
{
    public override string ToString() => $"{Name}'s old version ({Source}) drains: it owes {(RepliesOwed == 1 ? "1 reply" : $"{RepliesOwed} replies")}, {Activity}";
}

/// <summary>A node's application as the control endpoint reports it: its instances, bindings and groups; in a cluster, its nodes.</summary>
public sealed record StatusView(IReadOnlyList<InstanceView> Instances, IReadOnlyList<BindingView> Bindings)
{
    /// <summary>The nodes of the cluster; empty on the embedded node.</summary>
    public IReadOnlyList<NodeView> Nodes { get; init; } = [];

    /// <summary>The groups of instances that change together; empty if the configuration names none.</summary>
    public IReadOnlyList<GroupView> Groups { get; init; } = [];

    /// <summary>The old versions draining beside their successors (<c>update --drain</c>); empty when none is.</summary>
    public IReadOnlyList<DrainingView> Draining { get; init; } = [];

    internal static StatusView Of(ApplicationStatus status) =>
        new([.. status.Instances.Select(InstanceView.Of)],
            [.. status.Bindings.Select(b => new BindingView(new EndpointView(b.From.Instance, b.From.Interface), new EndpointView(b.To.Instance, b.To.Interface)))])
        {
            Nodes = [.. status.Nodes.Select(n => new NodeView(n.Name, n.Address, n.Reachability, n.Instances))],
            Groups = [.. status.Groups.Select(g => new GroupView(g.Name, g.Members, g.Stable))],
            Draining = [.. status.Draining.Select(d => new DrainingView(d.Name, d.Source.ToString(), d.Activity.ToString(), d.RepliesOwed))],
        };
}

/// <summary>
/// The answer to a reconfiguration asked for through the endpoint; for a script, with what it printed
/// while it planned (<see cref="Output"/>), which goes to the caller and never to the node's console.
/// </summary>
public sealed record ReconfigurationView(bool Committed, int Steps, double DurationMs, double PausedMs, IReadOnlyDictionary<string, int> MovedFrames, string? Error)
{
    public string? Output { get; init; }

    /// <summary>For a change given a pause budget, the pause predicted before anything stopped.</summary>
    public double? PredictedPauseMs { get; init; }

    /// <summary>The instances whose old version drains beside the new one, with the requests it had in progress at the switch.</summary>
    public IReadOnlyDictionary<string, int> Draining { get; init; } = new Dictionary<string, int>();

    /// <summary>For a dry run (<c>plan=true</c>), what it would do and what was checked; nothing was done.</summary>
    public ReconfigurationPlan? Plan { get; init; }

    internal static ReconfigurationView Of(ReconfigurationResult result) =>
        new(true, result.Steps, result.Duration.TotalMilliseconds, result.Paused.TotalMilliseconds, result.MovedFrames, null)
        {
            PredictedPauseMs = result.PredictedPause?.TotalMilliseconds,
            Draining = result.Draining,
        };

    /// <summary>A dry run that passed its checks: nothing was done.</summary>
    public static ReconfigurationView Planned(ReconfigurationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(false, plan.Steps.Length, 0, 0, new Dictionary<string, int>(), null) { Plan = plan };
    }

    /// <summary>A change that did not happen, and why.</summary>
    public static ReconfigurationView Refused(string error, int steps = 0) => new(false, steps, 0, 0, new Dictionary<string, int>(), error);
}

/// <summary>A reconfiguration script sent to the endpoint: its file name (for errors), its text and its arguments.</summary>
public sealed record ScriptRequest(string Name, string Code, IReadOnlyDictionary<string, string>? Args);
