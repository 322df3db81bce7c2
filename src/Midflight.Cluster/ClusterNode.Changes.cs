using System.Diagnostics;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.Runtime.Cluster;
using Midflight.Runtime.Hosting;

namespace Midflight.Cluster;

/// <summary>
/// The changes that span nodes, as the node they are asked of coordinates them: an application's
/// launch across the nodes its <c>machine</c> attributes name, and an instance's move to another
/// node. Anything else that touches another node's instances is refused, naming the node.
/// </summary>
public sealed partial class ClusterNode
{
    private static string? Machine(ModuleSpec spec) => spec.Attributes.LastOrDefault(a => a.Name == "machine")?.Value;

    private string NodeFor(ModuleSpec spec) => Machine(spec) ?? LocalNode;

    private static bool IsLaunch(ApplicationState application, Reconfiguration reconfiguration) =>
        application is { Hosts.IsEmpty: true, Remote.IsEmpty: true }
        && reconfiguration.Steps.All(s => s is AddModule { Module.IsNew: true } or AddBinding or StartModule);

    bool IRemoteNodes.Spans(Node node, Reconfiguration reconfiguration)
    {
        Attach(node);
        var application = node.Application;
        return IsLaunch(application, reconfiguration)
            || reconfiguration.Steps.Any(step => step switch
            {
                AddModule add => NodeFor(add.Spec) != HostOf(application, add.Module.Name),
                _ => Touched(step).Any(m => !m.IsNew && application.Remote.ContainsKey(m.Name)),
            })
            || (reconfiguration.Steps.Any(step => WriterOf(step) is { IsNew: false } writer && application.Remote.ContainsKey(writer.Name))
                && Rebinds(ApplicationDraft.Plan(application, reconfiguration)));
    }

    private static ModuleRef? WriterOf(ReconfigurationStep step) => step switch
    {
        AddBinding binding => binding.From.Module,
        DeleteBinding binding => binding.From.Module,
        _ => null,
    };

    /// <summary>
    /// Whether the change <paramref name="draft"/> plans alters the bindings by the names of their ends. Links
    /// name instances, not incarnations: an instance replaced here, in the old one's place, keeps the
    /// bindings other nodes write on, and needs nothing of them; a binding added or removed by name does.
    /// </summary>
    private static bool Rebinds(ApplicationDraft draft) => !ByName(draft.AddedBindings).SequenceEqual(ByName(draft.RemovedBindings));

    /// <summary>The node that runs <paramref name="instance"/> now; this one for an instance the change adds.</summary>
    private string HostOf(ApplicationState application, string instance) =>
        application.Remote.TryGetValue(instance, out var remote) ? remote.Node : LocalNode;

    /// <summary>Bindings by the names of their ends, whatever incarnation: what writers on other nodes see of them.</summary>
    private static IEnumerable<string> ByName(IEnumerable<(EndpointRef From, EndpointRef To)> bindings) =>
        bindings.Select(b => $"{b.From.Endpoint} -> {b.To.Endpoint}").Order(StringComparer.Ordinal);

    private static IEnumerable<ModuleRef> Touched(ReconfigurationStep step) => step switch
    {
        DeleteModule delete => [delete.Module],
        CopyQueue copy => [copy.From.Module, copy.To.Module],
        RemoveQueue remove => [remove.At.Module],
        MoveState move => [move.From, move.To],
        StartModule start => [start.Module],
        StopModule stop => [stop.Module],
        InstallState install => [install.To],
        _ => [],
    };

    async Task<ReconfigurationResult> IRemoteNodes.CarryOutAsync(Node node, Reconfiguration reconfiguration, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsLaunch(node.Application, reconfiguration))
            {
                return await LaunchAsync(node, reconfiguration, cancellationToken).ConfigureAwait(false);
            }
            CheckNoneLost(node.Application, reconfiguration);
            if (SiteOf(node.Application, reconfiguration) is { } site)
            {
                return await ChangeAtSiteAsync(node, site, reconfiguration, cancellationToken).ConfigureAwait(false);
            }
            return await MoveAsync(node, MoveOf(node.Application, reconfiguration), reconfiguration, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <exception cref="ReconfigurationException">The change touches an instance lost with its node.</exception>
    private static void CheckNoneLost(ApplicationState application, Reconfiguration reconfiguration)
    {
        var lost = reconfiguration.Steps.SelectMany(Touched).Where(m => !m.IsNew)
            .Select(m => application.Remote.GetValueOrDefault(m.Name))
            .FirstOrDefault(r => r is { IsLost: true });
        if (lost is not null)
        {
            throw new ReconfigurationException($"'{lost.Name}' was lost with node '{lost.Node}', which left the cluster: it runs nowhere, and '{reconfiguration.Title}' cannot change it; the application is unchanged");
        }
    }

    // ----- Launch -----

    /// <summary>
    /// Places every instance on the node its <c>machine</c> attribute names (this one without), once
    /// those nodes have joined; gives each node its share with the code it runs, then starts them all.
    /// </summary>
    private async Task<ReconfigurationResult> LaunchAsync(Node node, Reconfiguration launch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var adds = launch.Steps.OfType<AddModule>().ToList();
        var placement = adds.ToDictionary(a => a.Module.Name, a => NodeFor(a.Spec), StringComparer.Ordinal);
        await WaitForNodesAsync(placement.Values.Distinct(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var images = new Dictionary<ModuleSource, Runtime.Loading.ModuleImage>();
        foreach (var add in adds.Where(a => placement[a.Module.Name] != LocalNode))
        {
            if (!images.ContainsKey(add.Spec.Source))
            {
                images[add.Spec.Source] = await node.ImageOfAsync(add.Spec, rebuild: false, cancellationToken).ConfigureAwait(false);
            }
        }
        var bindings = launch.Steps.OfType<AddBinding>()
            .Select(b => new PlacedBinding(b.From.Module.Name, b.From.Interface, b.To.Module.Name, b.To.Interface)).ToArray();
        ShareStep ShareFor(string member) => new(
            [.. adds.Select(a => new PlacedInstance(a.Module.Name, ConfigurationPrinter.Print(a.Spec), placement[a.Module.Name],
                placement[a.Module.Name] == member && member != LocalNode ? ShippedCode.Of(images[a.Spec.Source]) : null))],
            bindings, launch.Title, launch.RequestedBy);
        // Every member learns the application, those that run nothing of it too: any may be moved to.
        var members = Members().Where(m => m.Reachability == "up").Select(m => m.Name).ToList();
        var shared = new List<string>();
        try
        {
            foreach (var member in members)
            {
                await AskAsync(member, ShareFor(member), _options.StepTimeout + node.Options.QuiesceTimeout, cancellationToken).ConfigureAwait(false);
                shared.Add(member);
            }
            foreach (var member in members)
            {
                var instances = placement.Where(p => p.Value == member).Select(p => p.Key).ToArray();
                await AskAsync(member, new StartStep(instances, launch.Title, launch.RequestedBy), _options.StepTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is ReconfigurationException or OperationCanceledException)
        {
            await TellAllAsync(shared, _ => new DropStep([], launch.Title, launch.RequestedBy)).ConfigureAwait(false);
            throw;
        }
        _launched = true;
        return new ReconfigurationResult(launch.Steps.Length, Stopwatch.GetElapsedTime(started), TimeSpan.Zero);
    }

    private async Task WaitForNodesAsync(IEnumerable<string> nodes, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.JoinTimeout.TotalSeconds * Stopwatch.Frequency);
        var missing = nodes.Where(n => !IsUp(n)).ToList();
        while (missing.Count > 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new ReconfigurationException(
                    $"the application places instances on {string.Join(", ", missing.Select(n => $"'{n}'"))}, which did not join the cluster within {_options.JoinTimeout.TotalSeconds:0.###} s; its nodes are: {string.Join(", ", Members().Select(m => m.Name))}. Start them with midflight node --name NAME --seed {Address}");
            }
            // Membership comes from Akka's gossip; a launch waits for it on the wall clock, as it waits for other processes.
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            missing = [.. missing.Where(n => !IsUp(n))];
        }
    }

    // ----- Changes at one site -----

    /// <summary>
    /// The node that runs every instance <paramref name="reconfiguration"/> touches, if it is one other
    /// node and the change keeps the application's instances and bindings (an update, a replace, a
    /// rollback: a new incarnation in the place of the old); null otherwise.
    /// </summary>
    private string? SiteOf(ApplicationState application, Reconfiguration reconfiguration)
    {
        var nodes = reconfiguration.Steps.SelectMany(step => step switch
            {
                AddModule add => [NodeFor(add.Spec)],
                AddBinding or DeleteBinding => [],
                _ => Touched(step).Where(m => !m.IsNew).Select(m => HostOf(application, m.Name)),
            })
            .Concat(reconfiguration.WhenIdle.Select(i => HostOf(application, i)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (nodes is not [var site] || site == LocalNode)
        {
            return null;
        }
        var draft = ApplicationDraft.Plan(application, reconfiguration);
        var keeps = draft.Added.Select(a => a.Add.Module.Name).Order(StringComparer.Ordinal).SequenceEqual(draft.Deleted.Select(m => m.Name).Order(StringComparer.Ordinal))
            && !Rebinds(draft);
        return keeps ? site : null;
    }

    /// <summary>Has the node that runs the instances carry the change out, with the code of the versions it adds; then tells every node what they run now.</summary>
    private async Task<ReconfigurationResult> ChangeAtSiteAsync(Node node, string site, Reconfiguration reconfiguration, CancellationToken cancellationToken)
    {
        var code = new Dictionary<AddModule, ShippedCode>();
        foreach (var add in reconfiguration.Steps.OfType<AddModule>())
        {
            code[add] = ShippedCode.Of(add.Image ?? await node.ImageOfAsync(add.Spec, add.Rebuild, cancellationToken).ConfigureAwait(false));
        }
        var timeout = (reconfiguration.Timeout ?? node.Options.QuiesceTimeout) + _options.StepTimeout;
        var answer = Wire.Body<ResultData>(await AskAsync(site, SiteChanges.ToStep(reconfiguration, code), timeout, cancellationToken).ConfigureAwait(false));
        await RespecAsync(site, answer).ConfigureAwait(false);
        return SiteChanges.FromData(answer);
    }

    /// <summary>Tells every node but <paramref name="site"/> the specifications the instances it changed run now.</summary>
    private Task RespecAsync(string site, ResultData answer) =>
        TellAllAsync(Members().Where(m => m.Reachability == "up" && m.Name != site).Select(m => m.Name),
            _ => new RespecStep(site, answer.Instances, answer.Specs));

    async Task<ReconfigurationResult> IRemoteNodes.RollbackAsync(Node node, string instance, string requestedBy, bool fromSnapshot, CancellationToken cancellationToken)
    {
        var site = HostOf(node.Application, instance);
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var timeout = node.Options.QuiesceTimeout + _options.StepTimeout;
            var answer = Wire.Body<ResultData>(await AskAsync(site, new RollbackStep(instance, requestedBy, fromSnapshot), timeout, cancellationToken).ConfigureAwait(false));
            await RespecAsync(site, answer).ConfigureAwait(false);
            return SiteChanges.FromData(answer);
        }
        finally
        {
            _changes.Release();
        }
    }

    async Task<State.Snapshot> IRemoteNodes.CaptureStateAsync(Node node, string instance, CancellationToken cancellationToken)
    {
        var site = HostOf(node.Application, instance);
        var encoded = await AskAsync(site, new CaptureStateStep(instance), node.Options.QuiesceTimeout + _options.StepTimeout, cancellationToken).ConfigureAwait(false);
        return State.SnapshotCodec.Decode(encoded);
    }

    // ----- Move -----

    /// <summary>An instance and the node it is to move to, read off a reconfiguration that moves it, as <c>move</c> and Figure 5's script plan it.</summary>
    private sealed record PlannedMove(string Instance, ModuleSpec Spec, string Source, string Target);

    /// <exception cref="ReconfigurationException">The reconfiguration is not one move of one instance to another node.</exception>
    private PlannedMove MoveOf(ApplicationState application, Reconfiguration reconfiguration)
    {
        var draft = ApplicationDraft.Plan(application, reconfiguration);
        var refused = $"'{reconfiguration.Title}' touches instances on other nodes, and a change across nodes is the launch of an application or the move of one instance to another node (as midflight move and Figure 5's script plan it); make the change on the node that runs the instance. The application is unchanged";
        if (draft.Added is not [(_, var add)] || draft.StateMoves is not [(_, var move)]
            || move.From != ModuleRef.Current(add.Module.Name) || move.To != add.Module
            || !draft.Deleted.SequenceEqual([move.From]) || !draft.Started.Contains(add.Module))
        {
            throw new ReconfigurationException(refused);
        }
        var name = add.Module.Name;
        var old = application.SpecOf(name)!;
        if (old with { Attributes = [] } != add.Spec with { Attributes = [] })
        {
            throw new ReconfigurationException($"{refused}: moving '{name}' to another node keeps its code and interfaces; update it where it runs");
        }
        if (Rebinds(draft))
        {
            throw new ReconfigurationException($"{refused}: a move across nodes keeps every binding of '{name}'");
        }
        var copied = draft.QueueSteps.OfType<CopyQueue>().Select(c => c.From.Interface).ToHashSet(StringComparer.Ordinal);
        if (old.Interfaces.Where(i => i.Incoming is not null).Select(i => i.Name).FirstOrDefault(i => !copied.Contains(i)) is { } dropped)
        {
            throw new ReconfigurationException($"{refused}: a move across nodes takes every queue of '{name}' with it, and this one does not copy '{dropped}'");
        }
        var (source, target) = (HostOf(application, name), NodeFor(add.Spec));
        return source != target
            ? new PlannedMove(name, add.Spec, source, target)
            : throw new ReconfigurationException($"{refused}: '{name}' runs on node '{source}' already");
    }

    /// <summary>
    /// Moves an instance to another node as one transaction: the target loads its code, takes its lock
    /// and learns the application; the source stops the instance at its point; every other node holds its writes to
    /// it and fences its link to the source; the source ships it — snapshot, queues, requests — straight
    /// to the target once the fences are in, and the target makes it ready; then every node is told the commit. If any
    /// step fails before the commit, every node is told to abort, and it goes on at the source.
    /// </summary>
    private async Task<ReconfigurationResult> MoveAsync(Node node, PlannedMove planned, Reconfiguration reconfiguration, CancellationToken cancellationToken)
    {
        var (instance, spec, source, target) = planned;
        if (!IsUp(target))
        {
            throw new ReconfigurationException($"node '{target}' is not up in the cluster; its nodes are: {string.Join(", ", Members().Select(m => $"{m.Name} ({m.Reachability})"))}. '{instance}' stays on '{source}'; the application is unchanged");
        }
        var started = Stopwatch.GetTimestamp();
        var move = Guid.NewGuid().ToString("N");
        var timeout = reconfiguration.Timeout ?? node.Options.QuiesceTimeout;
        var others = Members().Where(m => m.Reachability == "up" && m.Name != source).Select(m => m.Name).ToList();
        var involved = others.Append(source).ToList();
        long paused = 0;
        ShipResult shipped;
        try
        {
            // The code goes ahead, loaded at the target before the instance stops.
            var code = Wire.Body<ShippedCode>(await AskAsync(source, new CodeStep(instance), _options.StepTimeout, cancellationToken).ConfigureAwait(false));
            var dock = Wire.Body<DockTicket>(await AskAsync(target, new ExpectStep(move, instance, ConfigurationPrinter.Print(spec), code, ApplicationShare(node.Application, reconfiguration)), _options.StepTimeout, cancellationToken).ConfigureAwait(false));
            await AskAsync(source, new CaptureStep(move, instance, timeout.TotalMilliseconds), timeout + _options.StepTimeout, cancellationToken).ConfigureAwait(false);
            paused = Stopwatch.GetTimestamp();
            // Asked together: the source waits for the others' fences before it ships. Not cancelled once the
            // instance is stopped: the steps end within their timeouts, and an abort never overtakes a shipping.
            var ship = AskAsync(source, new ShipStep(move, instance, [.. others], target, dock), _options.StepTimeout * 3, CancellationToken.None);
            await Task.WhenAll(others.Select(other => AskAsync(other, new HoldStep(move, instance, source), _options.StepTimeout, CancellationToken.None)).Append(ship)).ConfigureAwait(false);
            shipped = Wire.Body<ShipResult>(await ship.ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is ReconfigurationException or OperationCanceledException)
        {
            await TellAllAsync(involved, _ => new AbortStep(move, instance, source)).ConfigureAwait(false);
            ClusterLog.MoveAbandoned(_logger, move, instance, exception.Message);
            if (exception is OperationCanceledException)
            {
                throw;
            }
            throw new ReconfigurationException($"the move of '{instance}' to node '{target}' is abandoned: {exception.Message}; '{instance}' goes on at node '{source}' where it was, and the application is unchanged", exception);
        }
        // The commit, to every node at once: the target starts the instance and lets go what it held for
        // it; the others let their held writes go to the target, which holds what comes before it starts.
        var printed = ConfigurationPrinter.Print(spec);
        await TellAllAsync(involved, _ => new CommitStep(move, instance, printed, target)).ConfigureAwait(false);
        var pause = Stopwatch.GetElapsedTime(paused);
        ClusterLog.Moved(_logger, instance, target, shipped.Frames, pause.TotalMilliseconds);
        return new ReconfigurationResult(reconfiguration.Steps.Length, Stopwatch.GetElapsedTime(started), pause)
        {
            MovedFrames = new Dictionary<string, int> { [instance] = shipped.Frames },
        };
    }

    /// <summary>The application as it stands, for a node that is to run a moved instance and may not know it yet.</summary>
    private ShareStep ApplicationShare(ApplicationState application, Reconfiguration reconfiguration) => new(
        [.. application.Hosts.Values.Select(h => new PlacedInstance(h.InstanceName, ConfigurationPrinter.Print(h.Spec), LocalNode, null))
            .Concat(application.Remote.Values.Select(r => new PlacedInstance(r.Name, ConfigurationPrinter.Print(r.Spec), r.Node, null)))],
        [.. application.Bindings.Select(b => new PlacedBinding(b.From.Instance, b.From.Interface, b.To.Instance, b.To.Interface))],
        reconfiguration.Title, reconfiguration.RequestedBy);
}
