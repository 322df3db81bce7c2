using Midflight.Model;

namespace Midflight.Runtime;

/// <summary>The reconfigurations every application needs, built from the primitives.</summary>
public static class Scripts
{
    /// <summary>Starts an application from nothing: every instance, every binding, then every start.</summary>
    public static Reconfiguration Launch(Configuration configuration) => Launch(configuration, new Dictionary<string, StableRecord>());

    /// <summary>
    /// Starts an application, the members of its stable groups from what the stable store holds of
    /// them (<paramref name="recovered"/>): each runs the version recorded there, exactly that
    /// assembly, and starts with the fields it last committed.
    /// </summary>
    /// <exception cref="ReconfigurationException">A record does not fit the configuration, or cannot be read; nothing runs.</exception>
    internal static Reconfiguration Launch(Configuration configuration, IReadOnlyDictionary<string, StableRecord> recovered)
    {
        var steps = new List<ReconfigurationStep>();
        var states = new List<ReconfigurationStep>();
        foreach (var instance in configuration.Application.Instances)
        {
            var module = ModuleRef.New(instance.Name);
            if (recovered.TryGetValue(instance.Name, out var record))
            {
                steps.Add(Recovering(module, configuration.ModuleOf(instance), record));
                states.Add(new InstallState(module, StateOf(record)));
            }
            else
            {
                steps.Add(new AddModule(module, configuration.ModuleOf(instance)));
            }
        }
        foreach (var binding in configuration.Application.Bindings)
        {
            steps.Add(new AddBinding(ModuleRef.New(binding.From.Instance)[binding.From.Interface], ModuleRef.New(binding.To.Instance)[binding.To.Interface]));
        }
        steps.AddRange(states);
        foreach (var instance in configuration.Application.Instances)
        {
            steps.Add(new StartModule(ModuleRef.New(instance.Name)));
        }
        return new Reconfiguration([.. steps]) { Title = $"launch {configuration.Application.Name}" };
    }

    /// <summary>A stable member added as the store records it: its module's specification, running the recorded version.</summary>
    private static AddModule Recovering(ModuleRef module, ModuleSpec spec, StableRecord record)
    {
        if (record.Module != spec.Name)
        {
            throw new ReconfigurationException($"the stable store holds '{record.Instance}' of group '{record.Group}' as an instance of module '{record.Module}', but the configuration declares it of module '{spec.Name}'; nothing runs ('midflight state forget' deletes the group's records, for its members to start as the configuration says)");
        }
        var source = ModuleSource.TryParse(record.Version.Source, out var problem)
            ?? throw new ReconfigurationException($"the stable store holds '{record.Instance}' with source '{record.Version.Source}', which is no module source: {problem}; nothing runs");
        var image = new Loading.ModuleImage(record.Version.AssemblyPath, record.Version.Assembly.ToArray(), record.Version.Hash);
        return new AddModule(module, spec with { Source = source }) { Image = image };
    }

    private static State.Snapshot StateOf(StableRecord record)
    {
        try
        {
            return State.SnapshotCodec.Decode(record.State);
        }
        catch (State.SnapshotFormatException exception)
        {
            throw new ReconfigurationException($"the stable state of '{record.Instance}' (group '{record.Group}') cannot be read: {exception.Message}; nothing runs", exception);
        }
    }

    /// <summary>
    /// Replaces a running instance by a new one (the paper's Figure 5): the new instance gets the
    /// old one's bindings and queued messages and the state it divulges, then starts, and the old is
    /// deleted. <paramref name="spec"/> changes the module, its code or its attributes; by default the
    /// new instance runs the same specification.
    /// </summary>
    public static Reconfiguration Replace(ApplicationStatus application, string instance, ModuleSpec? spec = null) =>
        Replacing(application, instance, Adding(instance, spec ?? application[instance].Spec), HandOver) with { Title = $"replace {instance}" };

    /// <summary>
    /// Updates an instance to a new version of its code (<paramref name="source"/>): a replace whose
    /// new instance runs the new code, bound by the same interfaces. The node checks that the new
    /// version fits — its interfaces, the old state's fields, the frames it must resume — and refuses
    /// it otherwise, before anything stops. A project is built again, so that the update takes the
    /// version as its sources are now, even if the node built it before.
    /// </summary>
    public static Reconfiguration Update(ApplicationStatus application, string instance, ModuleSource source) =>
        Replacing(application, instance, Adding(instance, application[instance].Spec with { Source = source }) with { Rebuild = true }, HandOver)
            with { Title = $"update {instance} to {source}" };

    /// <summary>
    /// Updates an instance to a new version that runs beside the old one until the old has drained
    /// (MTS's way): the new version takes the instance's bindings and queued requests at once, and
    /// starts afresh; the old one answers the requests it had read — its replies to a client before
    /// the new one's — and is deleted at its first quiet moment. Nothing waits for a quiet moment or a
    /// point, and no state moves: the instance's version must keep none (see <see cref="DeleteModule.Drained"/>).
    /// </summary>
    public static Reconfiguration UpdateDraining(ApplicationStatus application, string instance, ModuleSource source) =>
        Replacing(application, [(instance, Adding(instance, application[instance].Spec with { Source = source }) with { Rebuild = true })], state: null)
            with { Title = $"update {instance} to {source}, draining the old version" };

    /// <summary>
    /// Replaces every member of <paramref name="group"/> in one transaction: all of them switch, each
    /// with its state, or none does.
    /// </summary>
    /// <exception cref="ReconfigurationException">A member is no longer in the application.</exception>
    public static Reconfiguration ReplaceGroup(ApplicationStatus application, GroupSpec group)
    {
        CheckMembers(application, group);
        return Replacing(application, [.. group.Members.Select(m => (m, Adding(m, application[m].Spec)))], HandOver) with { Title = $"replace group {group.Name}" };
    }

    /// <summary>
    /// Updates the members of <paramref name="group"/> named in <paramref name="sources"/> to their new
    /// versions, and replaces the others with their state, in one transaction (Argus's replacement of a
    /// guardian): every member switches, each new version checked and its state mapped by its own
    /// mappers, or none does.
    /// </summary>
    /// <exception cref="ReconfigurationException"><paramref name="sources"/> names an instance that is not a member, or a member is no longer in the application.</exception>
    public static Reconfiguration UpdateGroup(ApplicationStatus application, GroupSpec group, IReadOnlyDictionary<string, ModuleSource> sources)
    {
        CheckMembers(application, group);
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Keys.FirstOrDefault(m => !group.Members.Contains(m)) is { } stranger)
        {
            throw new ReconfigurationException($"'{stranger}' is not a member of group '{group.Name}' (its members: {string.Join(", ", group.Members)}); the application is unchanged");
        }
        var successors = group.Members.Select(m => sources.TryGetValue(m, out var source)
            ? (m, Adding(m, application[m].Spec with { Source = source }) with { Rebuild = true })
            : (m, Adding(m, application[m].Spec)));
        var versions = string.Join(", ", group.Members.Where(sources.ContainsKey).Select(m => $"{m} to {sources[m]}"));
        return Replacing(application, [.. successors], HandOver) with { Title = $"update group {group.Name}: {versions}" };
    }

    /// <summary>A group switches whole: a member removed since the application started leaves it nothing to switch as one.</summary>
    private static void CheckMembers(ApplicationStatus application, GroupSpec group)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(group);
        if (group.Members.FirstOrDefault(m => !application.Instances.Any(i => i.Name == m)) is { } missing)
        {
            throw new ReconfigurationException($"group '{group.Name}' has lost its member '{missing}', which the application no longer runs: the group cannot switch as one; the application is unchanged");
        }
    }

    /// <summary>Moves an instance to another machine: a replace with the <c>machine</c> attribute set, state and stack moving with it.</summary>
    public static Reconfiguration Move(ApplicationStatus application, string instance, string machine) =>
        Replace(application, instance, application[instance].Spec.WithAttribute("machine", machine)) with { Title = $"move {instance} to {machine}" };

    /// <summary>
    /// The first stage of a replicated change (SCP's way, see <see cref="Node.ReplicateAsync"/>): a
    /// replica of the instance, named <paramref name="replica"/>, takes over its bindings, queued
    /// messages and state, and the instance is deleted.
    /// </summary>
    public static Reconfiguration RouteToReplica(ApplicationStatus application, string instance, string replica) =>
        Replacing(application, instance, Adding(replica, application[instance].Spec), HandOver) with { Title = $"route {instance} to its replica {replica}" };

    /// <summary>
    /// The second stage of a replicated change: the instance comes back under its own name, running
    /// <paramref name="spec"/>, and takes its bindings, queued messages and state back from
    /// <paramref name="replica"/>, which is deleted. A new version is checked as an update is.
    /// </summary>
    public static Reconfiguration RouteBack(ApplicationStatus application, string replica, string instance, ModuleSpec spec) =>
        Replacing(application, replica, Adding(instance, spec), HandOver)
            with { Title = $"route {instance} back from {replica}, running {spec.Source}" };

    /// <summary>A name for the replica of <paramref name="instance"/> that no instance has.</summary>
    public static string ReplicaName(ApplicationStatus application, string instance)
    {
        ArgumentNullException.ThrowIfNull(application);
        var taken = application.Instances.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var name = $"{instance}_replica";
        for (var n = 2; taken.Contains(name); n++)
        {
            name = $"{instance}_replica{n}";
        }
        return name;
    }

    /// <summary>
    /// Removes an instance and its bindings. Messages still queued at its interfaces are dropped (and
    /// logged); a sender bound to it is left with one binding fewer. With <paramref name="force"/>,
    /// without waiting for its quiet moment (see <see cref="DeleteModule.Forced"/>).
    /// </summary>
    public static Reconfiguration Remove(ApplicationStatus application, string instance, bool force = false)
    {
        _ = application[instance];
        var steps = application.Bindings
            .Where(b => b.From.Instance == instance || b.To.Instance == instance)
            .Select(b => (ReconfigurationStep)new DeleteBinding(Current(b.From), Current(b.To)))
            .Append(new DeleteModule(ModuleRef.Current(instance)) { Forced = force });
        return new Reconfiguration([.. steps]) { Title = force ? $"remove {instance} by force" : $"remove {instance}" };

        static EndpointRef Current(Endpoint endpoint) => ModuleRef.Current(endpoint.Instance)[endpoint.Interface];
    }

    /// <summary>
    /// Reinstates <paramref name="spec"/> — the version an update replaced — with the running version
    /// handing its state back: an update to the old code. That is exactly the code that ran,
    /// <paramref name="image"/>: shared if it is still loaded, loaded again if not — not what the
    /// source gives now, which may have been rebuilt since.
    /// </summary>
    internal static Reconfiguration Rollback(ApplicationStatus application, string instance, ModuleSpec spec, Loading.ModuleImage image) =>
        Replacing(application, instance, Adding(instance, spec) with { Image = image }, HandOver) with { Title = $"roll back {instance} to {spec.Source}" };

    /// <summary>
    /// Reinstates the versions <paramref name="updates"/> replaced — instances one transaction updated
    /// go back together — each with the state it gave up at the switch, replaying what the failed
    /// version read since (DMERT's backout). With <paramref name="force"/>, the first of them, stuck, is
    /// deleted by force: cut off at once.
    /// </summary>
    internal static Reconfiguration Backout(ApplicationStatus application, IReadOnlyList<Updates.UpdatedInstance> updates, bool force = false)
    {
        var byInstance = updates.ToDictionary(u => u.Host.InstanceName, StringComparer.Ordinal);
        var reinstated = updates.Select(u => (u.Host.InstanceName, Adding(u.Host.InstanceName, u.OldSpec) with { Code = u.OldCode })).ToList();
        var backout = Replacing(application, reinstated, (old, @new) => byInstance[old.Name].StateAtSwitch(@new) with { ReplaysFrom = old });
        var stuck = updates[0].Host.InstanceName;
        return backout with
        {
            Title = $"back out the update of {string.Join(", ", byInstance.Keys)}",
            Steps = [.. backout.Steps.Select(s => s is DeleteModule delete && delete.Module.Name == stuck ? delete with { Forced = force } : s)],
        };
    }

    private static MoveState HandOver(ModuleRef old, ModuleRef @new) => new(old, @new);

    private static AddModule Adding(string successor, ModuleSpec spec) => new(ModuleRef.New(successor), spec);

    /// <summary>
    /// Figure 5's plan: <paramref name="successor"/> (a new incarnation of <paramref name="instance"/>,
    /// or another instance) is added, takes the instance's bindings and queued messages and its state
    /// by <paramref name="state"/>, and starts; the instance is deleted.
    /// </summary>
    private static Reconfiguration Replacing(ApplicationStatus application, string instance, AddModule successor,
        Func<ModuleRef, ModuleRef, ReconfigurationStep> state) =>
        Replacing(application, [(instance, successor)], state);

    /// <summary>
    /// Figure 5's plan for several instances at once, in one transaction: each successor is added and
    /// takes its instance's bindings — a binding between two of the instances goes between their
    /// successors — queued messages and state; all start, and the instances are deleted. Without a
    /// <paramref name="state"/> to move, the instances are drained instead: they keep their state and
    /// the replies to their own requests, and are deleted once they have answered what they read.
    /// </summary>
    private static Reconfiguration Replacing(ApplicationStatus application, IReadOnlyList<(string Instance, AddModule Successor)> replaced,
        Func<ModuleRef, ModuleRef, ReconfigurationStep>? state)
    {
        var successors = replaced.ToDictionary(r => r.Instance, r => r.Successor.Module, StringComparer.Ordinal);
        var steps = new List<ReconfigurationStep>(replaced.Select(r => r.Successor));
        foreach (var binding in application.Bindings.Where(b => successors.ContainsKey(b.From.Instance) || successors.ContainsKey(b.To.Instance)))
        {
            steps.Add(new DeleteBinding(Current(binding.From), Current(binding.To)));
            steps.Add(new AddBinding(Successor(binding.From), Successor(binding.To)));
        }
        foreach (var (instance, successor) in replaced)
        {
            foreach (var queue in application[instance].Spec.Interfaces.Where(i => i.Incoming is not null && (state is not null || i.Kind != InterfaceKind.Client)))
            {
                steps.Add(new CopyQueue(ModuleRef.Current(instance)[queue.Name], successor.Module[queue.Name]));
                steps.Add(new RemoveQueue(ModuleRef.Current(instance)[queue.Name]));
            }
        }
        if (state is not null)
        {
            steps.AddRange(replaced.Select(r => state(ModuleRef.Current(r.Instance), r.Successor.Module)));
        }
        steps.AddRange(replaced.Select(r => new StartModule(r.Successor.Module)));
        steps.AddRange(replaced.Select(r => new DeleteModule(ModuleRef.Current(r.Instance)) { Drained = state is null }));
        return new Reconfiguration([.. steps]);

        static EndpointRef Current(Endpoint endpoint) => ModuleRef.Current(endpoint.Instance)[endpoint.Interface];

        EndpointRef Successor(Endpoint endpoint) =>
            successors.TryGetValue(endpoint.Instance, out var successor) ? successor[endpoint.Interface] : Current(endpoint);
    }
}
