using System.Text;

namespace Midflight.Transform.Procedures;

/// <summary>One step of an update: slots switched together, when every one of them is inactive.</summary>
/// <param name="Slots">The running procedures whose slots the step rebinds, by identity.</param>
/// <param name="Reasons">Why they go together, if they are more than one.</param>
public sealed record UpdateStep(IReadOnlyList<string> Slots, IReadOnlyList<string> Reasons);

/// <summary>
/// DYMOS's update sequence: the procedures of an update split into steps, callees before their
/// callers (PODUS's bottom-up order), each step leaving the program consistent. Procedures go into
/// one step when they must switch together: members of one semantic group, and procedures whose new
/// versions call each other (a cycle of the update dependency graph).
/// </summary>
public sealed class UpdatePlan
{
    private UpdatePlan(IReadOnlyList<UpdateStep> steps) => Steps = steps;

    /// <summary>The steps in the order they may switch: a step never waits for a later one.</summary>
    public IReadOnlyList<UpdateStep> Steps { get; }

    /// <summary>One step for everything: the whole update switches at a moment when all of it is inactive.</summary>
    public UpdatePlan Atomic() => new([new UpdateStep([.. Steps.SelectMany(s => s.Slots)], ["switched as one step (atomic)"])]);

    /// <param name="procedures">The update's procedures.</param>
    /// <param name="runningCalls">The running version's call graph: each procedure's callees, by identity.</param>
    public static UpdatePlan Of(IReadOnlyList<CompiledProcedure> procedures, IReadOnlyDictionary<string, IReadOnlyList<string>> runningCalls)
    {
        ArgumentNullException.ThrowIfNull(procedures);
        ArgumentNullException.ThrowIfNull(runningCalls);
        var switched = procedures.Where(p => p.Slot is not null).ToDictionary(p => p.Slot!, StringComparer.Ordinal);
        var added = procedures.Where(p => p.Change == ProcedureChange.Added).ToDictionary(p => p.Identity, StringComparer.Ordinal);

        // The update dependency graph: a slot depends on every switched slot its new code can reach,
        // through unchanged and added procedures; members of a group depend on each other.
        var depends = switched.Keys.ToDictionary(s => s, s => Reach(switched[s], switched, added, runningCalls), StringComparer.Ordinal);
        var reasons = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var group in procedures.Where(p => p.Slot is not null).SelectMany(p => p.Groups.Select(g => (Group: g, p.Slot))).GroupBy(x => x.Group, StringComparer.Ordinal))
        {
            var members = group.Select(x => x.Slot!).Distinct(StringComparer.Ordinal).ToList();
            foreach (var member in members)
            {
                depends[member].UnionWith(members.Where(m => m != member));
                (reasons.TryGetValue(member, out var list) ? list : reasons[member] = []).Add($"semantic group '{group.Key}': {string.Join(", ", members)}");
            }
        }
        var steps = new List<UpdateStep>();
        foreach (var component in StronglyConnected([.. switched.Keys], depends))
        {
            var why = component.Count == 1 ? [] : component.SelectMany(s => reasons.GetValueOrDefault(s) ?? []).Distinct(StringComparer.Ordinal).ToList();
            if (component.Count > 1 && why.Count == 0)
            {
                why.Add($"their new versions call each other: {string.Join(", ", component)}");
            }
            steps.Add(new UpdateStep(component, why));
        }
        return new UpdatePlan(steps);
    }

    private static HashSet<string> Reach(CompiledProcedure from, Dictionary<string, CompiledProcedure> switched, Dictionary<string, CompiledProcedure> added, IReadOnlyDictionary<string, IReadOnlyList<string>> runningCalls)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<string>(from.Calls);
        while (work.TryPop(out var callee))
        {
            if (!seen.Add(callee))
            {
                continue;
            }
            IEnumerable<string> next;
            if (switched.TryGetValue(callee, out var changed))
            {
                reached.Add(callee);
                next = changed.Calls;
            }
            else
            {
                next = added.TryGetValue(callee, out var fresh) ? fresh.Calls : runningCalls.GetValueOrDefault(callee) ?? [];
            }
            foreach (var n in next)
            {
                work.Push(n);
            }
        }
        reached.Remove(from.Slot!);
        return reached;
    }

    /// <summary>Tarjan's algorithm: the components come out callees first, which is the order the steps switch in.</summary>
    private static List<List<string>> StronglyConnected(List<string> nodes, Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges[node].Order(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                component.Sort(StringComparer.Ordinal);
                components.Add(component);
            }
        }
        foreach (var node in nodes)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }
        return components;
    }

    /// <summary>The plan as <c>--plan</c> prints it.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"step {i + 1}: switch {string.Join(", ", step.Slots)} when inactive");
            foreach (var reason in step.Reasons)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  together: {reason}");
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
