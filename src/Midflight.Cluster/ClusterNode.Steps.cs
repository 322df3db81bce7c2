using System.Collections.Concurrent;
using Akka.Actor;
using MessagePack;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.Runtime.Cluster;
using Midflight.Runtime.Hosting;

namespace Midflight.Cluster;

/// <summary>The steps of changes across nodes, as a node carries them out when asked.</summary>
public sealed partial class ClusterNode
{
    private readonly ConcurrentDictionary<string, MoveShare> _moves = new(StringComparer.Ordinal);
    private readonly Fences _fences = new();
    private volatile bool _stopping; // the node stops: a move may not take its lock any more
    private readonly ConcurrentDictionary<string, byte> _abandoned = new(StringComparer.Ordinal); // moves aborted here: a late step of one is refused

    /// <summary>This node's part in a move under way: the lock it holds, and the instance leaving or arriving.</summary>
    private sealed class MoveShare(IDisposable lease)
    {
        public IDisposable Lease { get; } = lease;

        public ModuleHost? Captured { get; set; }

        public ShippedInstance? Shipped { get; set; }

        /// <summary>The instance made ready at the target, until the commit starts it or an abort deletes it: taken once.</summary>
        private ModuleHost? _arrived;

        public void Arrive(ModuleHost arrived) => _arrived = arrived;

        public ModuleHost? TakeArrived() => Interlocked.Exchange(ref _arrived, null);

        /// <summary>The source's shipping under way: what an abort or a stop waits for before it touches what was shipped.</summary>
        public Task? Shipping { get; set; }

        /// <summary>The code sent ahead to the target, until the arriving instance takes it over (or an abort releases it): taken once.</summary>
        private Runtime.Loading.ModuleCode? _code;

        public MoveShare(IDisposable lease, Runtime.Loading.ModuleCode code)
            : this(lease) => _code = code;

        public Runtime.Loading.ModuleCode? TakeCode() => Interlocked.Exchange(ref _code, null);
    }

    void IRemoteNodes.Stopping() => GiveUpMoves();

    /// <summary>
    /// Lets go of this node's part in every move under way: its lock, and the code sent ahead. A
    /// stopping node does not wait for a commit or an abort that may never come (its coordinator
    /// died: see docs/cluster.md); its instances stop with it.
    /// </summary>
    private void GiveUpMoves()
    {
        _stopping = true;
        foreach (var move in _moves.Keys)
        {
            if (_moves.TryRemove(move, out var share))
            {
                _dock.Forget(move);
                share.TakeCode()?.Release();
                if (share.TakeArrived() is { } arrived)
                {
                    arrived.Delete();
                    arrived.Dispose();
                }
                // A shipment still being written keeps its buffer: the socket may be reading it.
                if (share.Shipping is null or { IsCompleted: true })
                {
                    share.Shipped?.Dispose();
                }
                share.Lease.Dispose();
            }
        }
    }

    /// <summary>
    /// This node's lock, for a step of <paramref name="move"/>: refused once the node is stopping, which
    /// lets go of every move, or once the move is abandoned — its abort may overtake a step that waited
    /// for the lock, and the step must not then stop an instance, or hold the lock, for a move no one will end.
    /// </summary>
    private async Task<IDisposable> MoveLeaseAsync(Node node, string move)
    {
        var lease = await node.ExclusiveAsync(CancellationToken.None).ConfigureAwait(false);
        if (_stopping || _abandoned.ContainsKey(move))
        {
            lease.Dispose();
            throw new ReconfigurationException(_stopping ? $"node '{LocalNode}' is stopping" : $"move {move} was abandoned");
        }
        return lease;
    }

    /// <summary>A step another node asks for: carried out, and the answer to send back (a refusal, with why).</summary>
    internal Task<byte[]> HandleAsync(byte[] frame) => AnswerAsync(async () =>
    {
        // A node that has just joined may be asked for its share before its Midflight node is attached.
        await _attached.Task.WaitAsync(_options.StepTimeout).ConfigureAwait(false);
        var (step, body) = Wire.ReadRequest(frame);
        return step switch
        {
            nameof(ShareStep) => await ShareAsync(Wire.Body<ShareStep>(body)).ConfigureAwait(false),
            nameof(StartStep) => await StartAsync(Wire.Body<StartStep>(body)).ConfigureAwait(false),
            nameof(DropStep) => await DropAsync().ConfigureAwait(false),
            nameof(CodeStep) => Wire.Encode(Code(Wire.Body<CodeStep>(body))),
            nameof(ExpectStep) => await ExpectAsync(Wire.Body<ExpectStep>(body)).ConfigureAwait(false),
            nameof(CaptureStep) => await CaptureAsync(Wire.Body<CaptureStep>(body)).ConfigureAwait(false),
            nameof(HoldStep) => Hold(Wire.Body<HoldStep>(body)),
            nameof(ShipStep) => await ShipAsync(Wire.Body<ShipStep>(body)).ConfigureAwait(false),
            nameof(CommitStep) => await CommitAsync(Wire.Body<CommitStep>(body)).ConfigureAwait(false),
            nameof(AbortStep) => await AbortAsync(Wire.Body<AbortStep>(body)).ConfigureAwait(false),
            nameof(SiteStep) => await ChangeHereAsync(Wire.Body<SiteStep>(body)).ConfigureAwait(false),
            nameof(RollbackStep) => await RollBackHereAsync(Wire.Body<RollbackStep>(body)).ConfigureAwait(false),
            nameof(CaptureStateStep) => State.SnapshotCodec.Encode(await Attached.CaptureStateAsync(Wire.Body<CaptureStateStep>(body).Instance, CancellationToken.None).ConfigureAwait(false)),
            nameof(RespecStep) => await RespecAsync(Wire.Body<RespecStep>(body)).ConfigureAwait(false),
            _ => throw new WireFormatException($"there is no step '{step}'"),
        };
    });

    /// <summary>Carries out a step: its answer, or its refusal, with why.</summary>
    private async Task<byte[]> AnswerAsync(Func<Task<byte[]>> step)
    {
        try
        {
            return Wire.Reply(null, await step().ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is ReconfigurationException or WireFormatException or MessagePackSerializationException or ObjectDisposedException or TimeoutException)
        {
            return Wire.Reply($"node '{LocalNode}': {exception.Message}");
        }
#pragma warning disable CA1031 // Whatever goes wrong, the node that asked gets an answer, not a timeout: the change is abandoned everywhere.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ClusterLog.StepFailed(_logger, exception);
            return Wire.Reply($"node '{LocalNode}' failed: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private static readonly byte[] Done = [];

    /// <summary>Takes this node's share of an application: links to the instances of others, and its own, added and bound, not started.</summary>
    private async Task<byte[]> ShareAsync(ShareStep share)
    {
        var node = Attached;
        var instances = share.Instances.Select(i => (Placed: i, Spec: Shipping.Spec(i.Spec))).ToList();
        var here = instances.Where(i => i.Placed.Node == LocalNode).Select(i => i.Placed.Name).ToHashSet(StringComparer.Ordinal);
        using (await node.ExclusiveAsync(CancellationToken.None).ConfigureAwait(false))
        {
            // A cluster runs one application: a launch takes the place of what a node ran before (a launcher that died and comes back).
            node.Forget();
            Place(node, instances, share.Bindings, withBindings: false);
        }
        ModuleRef Ref(string instance) => here.Contains(instance) ? ModuleRef.New(instance) : ModuleRef.Current(instance);
        var steps = instances.Where(i => here.Contains(i.Placed.Name))
            .Select(i => (ReconfigurationStep)new AddModule(ModuleRef.New(i.Placed.Name), i.Spec)
            {
                Image = i.Placed.Code is { } code ? Node.KeepImage(_options.ImageFolder, code.AssemblyName, code.Verified()) : null,
            })
            .Concat(share.Bindings.Where(b => here.Contains(b.FromInstance)).Select(b => new AddBinding(Ref(b.FromInstance)[b.FromInterface], Ref(b.ToInstance)[b.ToInterface])))
            .ToList();
        if (steps.Count > 0)
        {
            await node.ReconfigureHereAsync(new Reconfiguration([.. steps]) { Title = $"{share.Title}: the share of node {LocalNode}", RequestedBy = share.RequestedBy }, CancellationToken.None).ConfigureAwait(false);
        }
        // The bindings other nodes' instances write on, once the instances they write to are here.
        using (await node.ExclusiveAsync(CancellationToken.None).ConfigureAwait(false))
        {
            Place(node, instances, share.Bindings, withBindings: true);
        }
        return Done;
    }

    /// <summary>
    /// Records the <paramref name="instances"/> of an application that other nodes run, and routes
    /// writes to them there; <paramref name="withBindings"/>, the bindings they write on too. Under the node's lock.
    /// </summary>
    private void Place(Node node, IReadOnlyList<(PlacedInstance Placed, ModuleSpec Spec)> instances, PlacedBinding[] bindings, bool withBindings)
    {
        var elsewhere = instances.Where(i => i.Placed.Node != LocalNode).ToList();
        var names = elsewhere.Select(i => i.Placed.Name).ToHashSet(StringComparer.Ordinal);
        node.Place(
            elsewhere.Select(i => (i.Placed.Name, i.Spec, i.Placed.Node)),
            withBindings
                ? bindings.Where(b => names.Contains(b.FromInstance)).Select(b => new BindingSpec(new Endpoint(b.FromInstance, b.FromInterface), new Endpoint(b.ToInstance, b.ToInterface)))
                : [],
            LinkTo);
        foreach (var (instance, _) in instances)
        {
            if (instance.Node == LocalNode)
            {
                RouteOf(instance.Name).ToHere();
            }
            else
            {
                RouteOf(instance.Name).ToRemote(ActorOf(instance.Node));
            }
        }
    }

    private async Task<byte[]> StartAsync(StartStep start)
    {
        if (start.Instances.Length > 0)
        {
            await Attached.ReconfigureHereAsync(
                new Reconfiguration([.. start.Instances.Select(i => new StartModule(ModuleRef.Current(i)))]) { Title = $"{start.Title}: start on node {LocalNode}", RequestedBy = start.RequestedBy },
                CancellationToken.None).ConfigureAwait(false);
        }
        return Done;
    }

    private async Task<byte[]> DropAsync()
    {
        using (await Attached.ExclusiveAsync(CancellationToken.None).ConfigureAwait(false))
        {
            Attached.Forget();
        }
        return Done;
    }

    private ShippedCode Code(CodeStep code)
    {
        return ShippedCode.Of(Attached.ImageOf(code.Instance));
    }

    /// <summary>A change to instances this node runs, asked by the node that coordinates it.</summary>
    private async Task<byte[]> ChangeHereAsync(SiteStep site)
    {
        var node = Attached;
        var reconfiguration = SiteChanges.FromStep(site, code => Node.KeepImage(_options.ImageFolder, code.AssemblyName, code.Verified()));
        var result = await node.ReconfigureHereAsync(reconfiguration, CancellationToken.None).ConfigureAwait(false);
        return Wire.Encode(SiteChanges.ToData(result, Specs(node, reconfiguration.Steps.OfType<AddModule>().Select(a => a.Module.Name))));
    }

    private async Task<byte[]> RollBackHereAsync(RollbackStep rollback)
    {
        var node = Attached;
        var result = await node.RollbackAsync(rollback.Instance, rollback.RequestedBy, rollback.FromSnapshot, CancellationToken.None).ConfigureAwait(false);
        return Wire.Encode(SiteChanges.ToData(result, Specs(node, [rollback.Instance])));
    }

    private static List<(string Instance, ModuleSpec Spec)> Specs(Node node, IEnumerable<string> instances) =>
        [.. instances.Distinct(StringComparer.Ordinal).Where(node.Application.Hosts.ContainsKey).Select(i => (i, node.Application.Hosts[i].Spec))];

    private async Task<byte[]> RespecAsync(RespecStep respec)
    {
        var node = Attached;
        using (await node.ExclusiveAsync(CancellationToken.None).ConfigureAwait(false))
        {
            foreach (var (instance, spec) in respec.Instances.Zip(respec.Specs))
            {
                node.Relocate(instance, Shipping.Spec(spec), respec.Node, LinkTo);
            }
        }
        return Done;
    }

    /// <summary>The node an instance moves to: loads its code, takes its lock for the move, and learns the application if it did not know it.</summary>
    private async Task<byte[]> ExpectAsync(ExpectStep expect)
    {
        var node = Attached;
        var code = node.LoadShipped(Shipping.Spec(expect.Spec), expect.Code.AssemblyName, expect.Code.Verified(), _options.ImageFolder);
        IDisposable lease;
        try
        {
            lease = await MoveLeaseAsync(node, expect.Move).ConfigureAwait(false);
        }
        catch (ReconfigurationException)
        {
            code.Release();
            throw;
        }
        if (node.Application is { Hosts.IsEmpty: true, Remote.IsEmpty: true })
        {
            Place(node, [.. expect.Application.Instances.Select(i => (i, Shipping.Spec(i.Spec)))], expect.Application.Bindings, withBindings: true);
        }
        _moves[expect.Move] = new MoveShare(lease, code);
        return Wire.Encode(_dock.Expect(expect.Move));
    }

    /// <summary>The node an instance moves from: takes its lock for the move and stops the instance at its next point.</summary>
    private async Task<byte[]> CaptureAsync(CaptureStep capture)
    {
        var node = Attached;
        var lease = await MoveLeaseAsync(node, capture.Move).ConfigureAwait(false);
        try
        {
            var host = await node.CaptureToMoveAsync(capture.Instance, TimeSpan.FromMilliseconds(capture.TimeoutMs), CancellationToken.None).ConfigureAwait(false);
            _moves[capture.Move] = new MoveShare(lease) { Captured = host };
            return Done;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>Every node but the source: holds its writes to the moving instance, and sends the source its fence behind what it wrote before.</summary>
    private byte[] Hold(HoldStep hold)
    {
        var source = ActorOf(hold.Source);
        RouteOf(hold.Instance).Hold(then: () => source.Tell(Wire.Fence(hold.Move, LocalNode), ActorRefs.NoSender));
        return Done;
    }

    internal void Fenced(byte[] frame)
    {
        var (move, node) = Wire.ReadFence(frame);
        _fences.Arrived(move, node);
    }

    /// <summary>The source: once every fence is in, every message written to the instance is in its queues; it ships the instance to the target.</summary>
    private Task<byte[]> ShipAsync(ShipStep ship)
    {
        var share = _moves.GetValueOrDefault(ship.Move) ?? throw new ReconfigurationException($"move {ship.Move} is not under way here");
        var shipping = ShipAsync(ship, share);
        share.Shipping = shipping;
        return shipping;
    }

    private async Task<byte[]> ShipAsync(ShipStep ship, MoveShare share)
    {
        var fenced = _fences.WhenAll(ship.Move, ship.FencesFrom);
        if (await Task.WhenAny(fenced, Task.Delay(_options.StepTimeout)).ConfigureAwait(false) != fenced)
        {
            throw new ReconfigurationException($"the fences of {string.Join(", ", _fences.Missing(ship.Move, ship.FencesFrom))} did not come in within {_options.StepTimeout.TotalSeconds:0.###} s");
        }
        _fences.Forget(ship.Move);
        if (_moves.GetValueOrDefault(ship.Move) != share)
        {
            throw new ReconfigurationException($"move {ship.Move} was given up while it waited for its fences");
        }
        var route = RouteOf(ship.Instance);
        // From here this node's own writes to it are held too, behind the queues shipped.
        route.Hold();
        try
        {
            share.Shipped = Attached.ShipOut(share.Captured!, LinkTo);
        }
        catch (ReconfigurationException)
        {
            route.ToHere();
            throw;
        }
        var answer = await Dock.ShipAsync(ship.Dock, ship.Move, Wire.Encode(Shipping.ToStep(ship.Move, share.Shipped)), share.Shipped.Snapshot, _options.StepTimeout).ConfigureAwait(false);
        var (error, _) = Wire.ReadReply(answer);
        return error is null ? Wire.Encode(new ShipResult(share.Shipped.Frames)) : throw new ReconfigurationException(error);
    }

    /// <summary>The target: makes the instance shipped to its dock for <paramref name="move"/> ready to run, not yet started.</summary>
    private Task<byte[]> ArriveAsync(string move, byte[] shipment, ReadOnlyMemory<byte> snapshot) => AnswerAsync(async () =>
    {
        var shipped = Wire.Body<ShippedStep>(shipment);
        var share = shipped.Move == move && _moves.GetValueOrDefault(move) is { } expected
            ? expected
            : throw new ReconfigurationException($"the shipment docked for move {move} is of move {shipped.Move}, or that move is not under way here");
        if (_options.ArrivalDelay > TimeSpan.Zero)
        {
            ClusterLog.ArrivalDelayed(_logger, shipped.Name, _options.ArrivalDelay.TotalMilliseconds);
            await Task.Delay(_options.ArrivalDelay).ConfigureAwait(false);
        }
        // Taken over by the instance, or released if it cannot be made; an abort takes it first.
        var code = share.TakeCode() ?? throw new ReconfigurationException($"move {move} was given up as its shipment came in");
        var arrived = Attached.Receive(Shipping.FromStep(shipped, snapshot), code);
        share.Arrive(arrived);
        if (_moves.GetValueOrDefault(move) != share && share.TakeArrived() is { } abandoned)
        {
            // Given up while it was being made, and the abort did not see it.
            abandoned.Delete();
            abandoned.Dispose();
            throw new ReconfigurationException($"move {move} was given up as its shipment came in");
        }
        return Done;
    });

    /// <summary>The move is done: the target runs the instance, the source lets its old incarnation go, and every node writes to the target.</summary>
    private async Task<byte[]> CommitAsync(CommitStep commit)
    {
        var node = Attached;
        _moves.TryRemove(commit.Move, out var share);
        var route = RouteOf(commit.Instance);
        if (commit.Target == LocalNode)
        {
            node.Admit(share!.TakeArrived()!, whenHosted: route.ToHere);
            share.Lease.Dispose();
            return Done;
        }
        route.ToRemote(ActorOf(commit.Target));
        var spec = Shipping.Spec(commit.Spec);
        if (share?.Captured is not null)
        {
            share.Shipped?.Dispose();
            node.Depart(commit.Instance, spec, commit.Target, LinkTo);
            share.Lease.Dispose();
            return Done;
        }
        using (await node.ExclusiveAsync(CancellationToken.None).ConfigureAwait(false))
        {
            node.Relocate(commit.Instance, spec, commit.Target, LinkTo);
        }
        return Done;
    }

    /// <summary>The move is given up: the instance goes on at the source, where it was, and every node writes there again.</summary>
    private async Task<byte[]> AbortAsync(AbortStep abort)
    {
        _abandoned.TryAdd(abort.Move, 0);
        _fences.Forget(abort.Move);
        _dock.Forget(abort.Move);
        _moves.TryRemove(abort.Move, out var share);
        var route = RouteOf(abort.Instance);
        if (abort.Source == LocalNode)
        {
            if (share?.Shipping is { } shipping)
            {
                // It may be shipping still (the coordinator took this node for unreachable): let it end first.
                await shipping.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }
            if (share?.Shipped is { } shipped)
            {
                // Its queues are shipped and retired: it resumes here as it would have there, from what was shipped.
                using (shipped)
                {
                    Attached.Admit(Attached.Receive(shipped, Node.CodeOf(share.Captured!)), whenHosted: route.ToHere);
                }
            }
            else
            {
                if (share?.Captured is { } captured)
                {
                    Node.LetGo(captured);
                }
                route.ToHere();
            }
        }
        else
        {
            if (share?.TakeArrived() is { } arrived)
            {
                arrived.Delete();
                arrived.Dispose();
            }
            share?.TakeCode()?.Release();
            route.ToRemote(ActorOf(abort.Source));
        }
        share?.Lease.Dispose();
        return Done;
    }
}
