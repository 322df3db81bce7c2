using Midflight.Model;

namespace Midflight.Runtime;

/// <summary>The reconfigurations every application needs, built from the primitives.</summary>
public static class Scripts
{
    /// <summary>Starts an application from nothing: every instance, every binding, then every start.</summary>
    public static Reconfiguration Launch(Configuration configuration)
    {
        var steps = new List<ReconfigurationStep>();
        foreach (var instance in configuration.Application.Instances)
        {
            steps.Add(new AddModule(ModuleRef.New(instance.Name), configuration.ModuleOf(instance)));
        }
        foreach (var binding in configuration.Application.Bindings)
        {
            steps.Add(new AddBinding(ModuleRef.New(binding.From.Instance)[binding.From.Interface], ModuleRef.New(binding.To.Instance)[binding.To.Interface]));
        }
        foreach (var instance in configuration.Application.Instances)
        {
            steps.Add(new StartModule(ModuleRef.New(instance.Name)));
        }
        return new Reconfiguration([.. steps]) { Title = $"launch {configuration.Application.Name}" };
    }

    /// <summary>
    /// Replaces a running instance by a new one (the paper's Figure 5): the new instance gets the
    /// old one's bindings and queued messages and the state it divulges, then starts, and the old is
    /// deleted. <paramref name="spec"/> changes the module, its code or its attributes; by default the
    /// new instance runs the same specification.
    /// </summary>
    public static Reconfiguration Replace(ApplicationStatus application, string instance, ModuleSpec? spec = null) =>
        Replacing(application, instance, spec, (old, @new) => new MoveState(old, @new)) with { Title = $"replace {instance}" };

    /// <summary>
    /// Updates an instance to a new version of its code (<paramref name="source"/>): a replace whose
    /// new instance runs the new code, bound by the same interfaces. The node checks that the new
    /// version fits — its interfaces, the old state's fields, the frames it must resume — and refuses
    /// it otherwise, before anything stops.
    /// </summary>
    public static Reconfiguration Update(ApplicationStatus application, string instance, ModuleSource source) =>
        Replace(application, instance, application[instance].Spec with { Source = source }) with { Title = $"update {instance} to {source}" };

    /// <summary>Moves an instance to another machine: a replace with the <c>machine</c> attribute set, state and stack moving with it.</summary>
    public static Reconfiguration Move(ApplicationStatus application, string instance, string machine) =>
        Replace(application, instance, application[instance].Spec.WithAttribute("machine", machine)) with { Title = $"move {instance} to {machine}" };

    /// <summary>
    /// Removes an instance and its bindings. Messages still queued at its interfaces are dropped (and
    /// logged); a sender bound to it is left with one binding fewer.
    /// </summary>
    public static Reconfiguration Remove(ApplicationStatus application, string instance)
    {
        _ = application[instance];
        var steps = application.Bindings
            .Where(b => b.From.Instance == instance || b.To.Instance == instance)
            .Select(b => (ReconfigurationStep)new DeleteBinding(Current(b.From), Current(b.To)))
            .Append(new DeleteModule(ModuleRef.Current(instance)));
        return new Reconfiguration([.. steps]) { Title = $"remove {instance}" };

        static EndpointRef Current(Endpoint endpoint) => ModuleRef.Current(endpoint.Instance)[endpoint.Interface];
    }

    /// <summary>
    /// Reinstates <paramref name="spec"/> — the version an update replaced — from the snapshot taken
    /// at the switch, replaying what the failed version read since (DMERT's backout).
    /// </summary>
    internal static Reconfiguration Backout(ApplicationStatus application, string instance, ModuleSpec spec, State.Snapshot snapshot, Loading.ModuleCode code) =>
        Replacing(application, instance, spec, (old, @new) => new InstallState(@new, snapshot) { ReplaysFrom = old }, code)
            with { Title = $"back out the update of {instance}" };

    private static Reconfiguration Replacing(ApplicationStatus application, string instance, ModuleSpec? spec,
        Func<ModuleRef, ModuleRef, ReconfigurationStep> state, Loading.ModuleCode? code = null)
    {
        var current = application[instance];
        var old = ModuleRef.Current(instance);
        var @new = ModuleRef.New(instance);
        var steps = new List<ReconfigurationStep> { new AddModule(@new, spec ?? current.Spec) { Code = code } };
        foreach (var binding in application.Bindings.Where(b => b.From.Instance == instance || b.To.Instance == instance))
        {
            steps.Add(new DeleteBinding(Side(binding.From, old), Side(binding.To, old)));
            steps.Add(new AddBinding(Side(binding.From, @new), Side(binding.To, @new)));
        }
        foreach (var queue in current.Spec.Interfaces.Where(i => i.Incoming is not null))
        {
            steps.Add(new CopyQueue(old[queue.Name], @new[queue.Name]));
            steps.Add(new RemoveQueue(old[queue.Name]));
        }
        steps.Add(state(old, @new));
        steps.Add(new StartModule(@new));
        steps.Add(new DeleteModule(old));
        return new Reconfiguration([.. steps]);

        EndpointRef Side(Endpoint endpoint, ModuleRef replaced) =>
            endpoint.Instance == instance ? replaced[endpoint.Interface] : ModuleRef.Current(endpoint.Instance)[endpoint.Interface];
    }
}
