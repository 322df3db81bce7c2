using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.Runtime.Bus;
using Envelope = Midflight.Runtime.Bus.Envelope;
using Inbox = Midflight.Runtime.Bus.Inbox;
using Midflight.Runtime.Cluster;
using Midflight.Runtime.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Midflight.Cluster;

/// <summary>
/// A node's membership of a cluster: its Akka actor system, joined to the others through their seed
/// addresses, and what the node needs of the others (<see cref="IRemoteNodes"/>) — links that carry
/// writes to their instances, the registry of which node runs what, and the changes that span nodes:
/// an application's launch, and an instance's move to another node mid-computation.
/// </summary>
/// <remarks>
/// The embedded node never creates one, and so never starts Akka. Every node of a cluster is
/// equal; the one a change is asked of coordinates it, one change at a time, asking each node in
/// turn for its steps (see <c>Steps.cs</c>), and gives it up on every node if any step fails.
/// </remarks>
public sealed partial class ClusterNode : IRemoteNodes, IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly AkkaCluster _cluster;
    private readonly ClusterOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Endpoint, RemoteLink> _links = new();
    private readonly ConcurrentDictionary<string, string> _lost = new(StringComparer.Ordinal); // node name -> its address
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gone = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _drops = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly TaskCompletionSource _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dock _dock;
    private Node? _node;
    private volatile bool _leaving; // this node leaves: the others vanishing from its view are not losses
    private bool _launched; // this node launched the application: when it leaves, the others drop their shares

    private ClusterNode(ActorSystem system, ClusterOptions options, ILoggerFactory loggerFactory)
    {
        _system = system;
        _cluster = AkkaCluster.Get(system);
        _options = options;
        _logger = loggerFactory.CreateLogger<ClusterNode>();
        _dock = new Dock(options.Host, ArriveAsync, options.StepTimeout, _logger);
    }

    /// <summary>This node's name in the cluster.</summary>
    public string LocalNode => _options.NodeName;

    /// <summary>Where other nodes reach this one: <c>host:port</c>.</summary>
    public string Address => $"{_cluster.SelfAddress.Host}:{_cluster.SelfAddress.Port}";

    /// <summary>Starts the node's actor system and joins the cluster through the seeds (or forms it, without any); completes once the node is up in it.</summary>
    /// <exception cref="ClusterJoinException">The options are wrong, or the node did not get into the cluster in time.</exception>
    public static async Task<ClusterNode> JoinAsync(ClusterOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        string systemName;
        try
        {
            systemName = ClusterSecret.SystemName(options.Secret);
        }
        catch (ArgumentException exception)
        {
            throw new ClusterJoinException(exception.Message, exception);
        }
        var seeds = options.Seeds.Select(seed => SeedAddress(systemName, seed)).ToList();
        var system = ActorSystem.Create(systemName, AkkaSettings.For(options));
        ClusterNode node;
        try
        {
            node = new ClusterNode(system, options, loggerFactory);
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            await system.Terminate().ConfigureAwait(false);
            throw new ClusterJoinException($"node '{options.NodeName}' cannot open its dock, where moved instances come in, on {options.Host}: {exception.Message}", exception);
        }
        try
        {
            await node.JoinAsync(seeds, cancellationToken).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node._dock.DisposeAsync().ConfigureAwait(false);
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    private async Task JoinAsync(List<Address> seeds, CancellationToken cancellationToken)
    {
        var logger = _logger;
        _system.ActorOf(Props.Create(() => new NodeActor(this, logger)), NodeActor.Name);
        _system.ActorOf(Props.Create(() => new MembershipWatcher(this)), "membership");
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _cluster.RegisterOnMemberUp(() => up.TrySetResult());
        _cluster.JoinSeedNodes(seeds.Count > 0 ? seeds : [_cluster.SelfAddress]);
        try
        {
            await up.Task.WaitAsync(_options.JoinTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new ClusterJoinException(
                $"node '{LocalNode}' did not get into the cluster within {_options.JoinTimeout.TotalSeconds:0.###} s through {string.Join(", ", _options.Seeds)}: is a node running there, with the same cluster secret?",
                exception);
        }
        if (Members().Count(m => m.Name == LocalNode) > 1)
        {
            throw new ClusterJoinException($"the cluster has a node named '{LocalNode}' already: give this one another --name");
        }
        var members = Members().Count;
        ClusterLog.Up(_logger, LocalNode, Address, members);
    }

    private static Address SeedAddress(string systemName, string seed)
    {
        var separator = seed.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(seed.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ClusterJoinException($"seed '{seed}' is not host:port, such as 127.0.0.1:4000");
        }
        return new Address("akka.tcp", systemName, seed[..separator], port);
    }

    /// <summary><paramref name="options"/> for the node of this cluster member: the node runs its share of the application and reaches the others through this.</summary>
    public NodeOptions Configure(NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Cluster = this };
    }

    /// <summary>Starts a node that runs nothing until the node that launches an application gives it its share.</summary>
    public Node StartMember(NodeOptions options)
    {
        var node = Node.Create(Configure(options));
        Attach(node);
        return node;
    }

    /// <summary>The node this membership serves; steps asked before it is attached wait for it.</summary>
    private void Attach(Node node)
    {
        _node ??= node;
        _attached.TrySetResult();
    }

    private Node Attached => _node ?? throw new InvalidOperationException("the cluster node has no Midflight node attached yet");

    // ----- Routing -----

    // Looked up once per message delivered: the lookup allocates nothing when the route exists.
    private Route RouteOf(string instance) =>
        _routes.TryGetValue(instance, out var route) ? route : _routes.GetOrAdd(instance, name => new Route(name, endpoint => _node?.HostedQueue(endpoint), Dropped));

    /// <summary>A message dropped on its way to a lost instance: logged the first time and every thousandth, not once each.</summary>
    private void Dropped(string instance, string interfaceName, Message message)
    {
        var count = _drops.AddOrUpdate(instance, 1, (_, n) => n + 1);
        if (count == 1 || count % 1000 == 0)
        {
            ClusterLog.Dropped(_logger, instance, $"{message} to '{instance} {interfaceName}', which is lost or not hosted here ({count} dropped so far)");
        }
    }

    Inbox IRemoteNodes.LinkTo(Endpoint endpoint) => LinkTo(endpoint);

    private RemoteLink LinkTo(Endpoint endpoint) => _links.GetOrAdd(endpoint, e => new RemoteLink(e, RouteOf(e.Instance)));

    /// <summary>A message another node wrote to an instance here: to its queue, or on, if it has moved.</summary>
    internal void Delivered(byte[] frame)
    {
        var (to, message, replyTo) = Wire.ReadDeliver(frame);
        try
        {
            var reply = replyTo is { } client ? Attached.InboxOf(client) : null;
            RouteOf(to.Instance).Send(to, new Envelope(message, reply), overCapacity: true);
        }
        catch (Exception exception) when (exception is MessageRefusedException or KeyNotFoundException)
        {
            ClusterLog.Dropped(_logger, to.Instance, exception.Message);
        }
    }

    // ----- Membership -----

    /// <summary>The members of the cluster with a Midflight name: up, joining or leaving, and whether each is reachable.</summary>
    private List<(string Name, Address Address, string Reachability)> Members()
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        return [.. state.Members.Select(m => (Name: NameOf(m), m.Address, Reachability: unreachable.Contains(m.Address) ? "unreachable" : m.Status.ToString().ToLowerInvariant()))
            .Where(m => m.Name is not null)
            .Select(m => (m.Name!, m.Address, m.Reachability))];
    }

    internal static string? NameOf(Akka.Cluster.Member member) =>
        member.Roles.FirstOrDefault(r => r.StartsWith(AkkaSettings.RolePrefix, StringComparison.Ordinal))?[AkkaSettings.RolePrefix.Length..];

    private IActorRef ActorOf(string node)
    {
        var member = Members().FirstOrDefault(m => m.Name == node);
        if (member.Name is null)
        {
            throw new ReconfigurationException($"there is no node '{node}' in the cluster; its nodes are: {string.Join(", ", Members().Select(m => m.Name).Order(StringComparer.Ordinal))}");
        }
        return ((ExtendedActorSystem)_system).Provider.ResolveActorRef(new RootActorPath(member.Address) / "user" / NodeActor.Name);
    }

    private bool IsUp(string node) => Members().Any(m => m.Name == node && m.Reachability == "up");

    /// <summary>Completes when <paramref name="node"/> becomes unreachable or leaves: a step asked of it will not be answered.</summary>
    private Task WhenGone(string node) => _gone.GetOrAdd(node, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal void MemberUp(Akka.Cluster.Member member)
    {
        if (NameOf(member) is { } name && name != LocalNode)
        {
            _gone.TryRemove(name, out _);
            var address = $"{member.Address.Host}:{member.Address.Port}";
            ClusterLog.Joined(_logger, name, address);
        }
    }

    internal void MemberUnreachable(Akka.Cluster.Member member)
    {
        if (NameOf(member) is { } name)
        {
            ClusterLog.Unreachable(_logger, name);
            WhenGone(name);
            _gone[name].TrySetResult();
        }
    }

    internal void MemberReachable(Akka.Cluster.Member member)
    {
        if (NameOf(member) is { } name)
        {
            ClusterLog.Reachable(_logger, name);
            _gone.TryRemove(name, out _);
        }
    }

    /// <summary>A node left the cluster, or was taken out of it: what it ran is lost, and reported so, never silently.</summary>
    internal void MemberRemoved(Akka.Cluster.Member member)
    {
        if (NameOf(member) is not { } name || name == LocalNode || _node is not { } node || _leaving)
        {
            return;
        }
        _lost[name] = $"{member.Address.Host}:{member.Address.Port}";
        WhenGone(name);
        _gone[name].TrySetResult();
        _ = Task.Run(async () =>
        {
            IDisposable lease;
            try
            {
                lease = await node.ExclusiveAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return; // the node has stopped: nothing of it is left to lose
            }
            using (lease)
            {
                var lost = node.Lose(name);
                foreach (var instance in lost)
                {
                    RouteOf(instance).Lose(name);
                }
                var names = lost.Count == 0 ? "nothing" : string.Join(", ", lost);
                ClusterLog.Lost(_logger, name, names);
                await node.RecordClusterEventAsync($"node {name} lost", $"node '{name}' left the cluster; lost with it: {names}").ConfigureAwait(false);
            }
        });
    }

    ImmutableArray<NodeStatus> IRemoteNodes.Nodes(ApplicationState application)
    {
        ImmutableArray<string> Hosted(string node) =>
            [.. node == LocalNode ? application.Hosts.Keys.Order(StringComparer.Ordinal) : application.Remote.Values.Where(r => r.Node == node).Select(r => r.Name).Order(StringComparer.Ordinal)];
        var members = Members();
        return [.. members.Select(m => new NodeStatus(m.Name, $"{m.Address.Host}:{m.Address.Port}", m.Reachability, Hosted(m.Name)))
            .Concat(_lost.Where(l => members.All(m => m.Name != l.Key)).Select(l => new NodeStatus(l.Key, l.Value, "lost", Hosted(l.Key))))
            .OrderBy(n => n.Name, StringComparer.Ordinal)];
    }

    // ----- Asking other nodes for steps -----

    /// <summary>Asks <paramref name="node"/> for a step and waits for its answer, or for the node to go.</summary>
    /// <exception cref="ReconfigurationException">It refused the step, did not answer in time, or went.</exception>
    private async Task<byte[]> AskAsync<T>(string node, T step, TimeSpan timeout, CancellationToken cancellationToken) where T : notnull
    {
        var actor = ActorOf(node);
        var asked = actor.Ask<byte[]>(Wire.Request(step), timeout, cancellationToken);
        var gone = WhenGone(node);
        if (await Task.WhenAny(asked, gone).ConfigureAwait(false) == gone)
        {
            throw new ReconfigurationException($"node '{node}' became unreachable during {StepName<T>()}");
        }
        byte[] answer;
        try
        {
            answer = await asked.ConfigureAwait(false);
        }
        catch (AskTimeoutException exception)
        {
            throw new ReconfigurationException($"node '{node}' did not answer {StepName<T>()} within {timeout.TotalSeconds:0.###} s", exception);
        }
        var (error, body) = Wire.ReadReply(answer);
        return error is null ? body : throw new ReconfigurationException(error);
    }

    /// <summary>A step as errors name it: <c>ShipStep</c> is <c>ship</c>.</summary>
    private static string StepName<T>() => typeof(T).Name.Replace("Step", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Tells the nodes a step that must reach them whatever becomes of the change (its end), waiting a bounded time for each.</summary>
    private async Task TellAllAsync<T>(IEnumerable<string> nodes, Func<string, T> step) where T : notnull
    {
        await Task.WhenAll(nodes.Select(async node =>
        {
            try
            {
                await AskAsync(node, step(node), _options.StepTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ReconfigurationException exception)
            {
                ClusterLog.Dropped(_logger, node, $"the end of a change did not reach node '{node}': {exception.Message}");
            }
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// For tests of a node lost: ends this node as a crash would. Its actor system and its dock stop
    /// at once, without leaving the cluster or telling anyone; the others find it unreachable and take it out.
    /// </summary>
    internal async Task CrashAsync()
    {
        _leaving = true;
        await _dock.DisposeAsync().ConfigureAwait(false);
        await _system.Terminate().ConfigureAwait(false);
        // What a dead process held, it holds no more.
        GiveUpMoves();
    }

    public async ValueTask DisposeAsync()
    {
        if (_launched)
        {
            // The application stops with the node that launched it; the other nodes stay, ready for the next launch.
            await TellAllAsync(Members().Where(m => m.Reachability == "up" && m.Name != LocalNode).Select(m => m.Name), _ => new DropStep([], "stop", LocalNode)).ConfigureAwait(false);
        }
        _leaving = true;
        await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await _dock.DisposeAsync().ConfigureAwait(false);
        _changes.Dispose();
    }
}
