using Microsoft.Extensions.Logging.Abstractions;
using Midflight.Cluster;
using Midflight.Model;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// The application random runs across nodes change, and the three nodes of one process that run it,
/// on real Akka.Remote over loopback: three producers writing numbered messages from the bottom of a
/// recursion, each bound to a consumer on another node; all six prepared, so that any may move,
/// stack and all. Real time: the nodes talk over the network, and its timing is part of what is tried.
/// </summary>
internal sealed class ClusterApplication : IAsyncDisposable
{
    public const int Producers = 3;

    /// <summary>The node that launches the application and coordinates every change: it is never killed, so no change is left waiting for a coordinator.</summary>
    public const string Launcher = "n1";

    public static readonly string[] NodeNames = [Launcher, "n2", "n3"];

    public static string Producer(int index) => $"p{index}";

    public static string Consumer(int index) => $"c{index}";

    public static string[] Instances { get; } = [.. Enumerable.Range(0, Producers).SelectMany(i => new[] { Producer(i), Consumer(i) })];

    private static readonly Lazy<ModuleSource> Pulse = new(() => SequenceApplication.BuildDeepSequencer("ClusterPulse", "TimeSpan.FromMilliseconds(2)"));

    private static readonly Lazy<ModuleSource> Tally = new(() => ModuleVersions.Build("ClusterTally", """
        module tally { source = "versions/ClusterTally.dll#Tests.Tally" :: use interface in pattern = {string, integer} :: reconfiguration point = {R} :: }
        module app { instance tally }
        """, ("Tally.cs", """
        namespace Tests;

        public sealed class Tally : Midflight.Module
        {
            protected override void Run()
            {
                while (true)
                {
                    Take(3);
                }
            }

            private void Take(int left)
            {
                if (left == 0)
                {
                R:
                    Delay(TimeSpan.FromMilliseconds(1));
                    return;
                }
                Read("in");
                Take(left - 1);
            }
        }
        """)));

    /// <summary>Producer <c>i</c> on node <c>i</c>, its consumer on the next: every binding crosses nodes at the start.</summary>
    private static string Configuration => string.Concat(Enumerable.Range(0, Producers).Select(i => $$"""
        module {{Producer(i)}} { source = "{{Pulse.Value}}" :: define interface out pattern = {string, integer} :: reconfiguration point = {R} :: machine = "{{NodeNames[i]}}" :: }
        module {{Consumer(i)}} { source = "{{Tally.Value}}" :: use interface in pattern = {string, integer} :: reconfiguration point = {R} :: machine = "{{NodeNames[(i + 1) % NodeNames.Length]}}" :: }

        """))
        + $"module app {{\n{string.Concat(Enumerable.Range(0, Producers).Select(i => $"  instance {Producer(i)} instance {Consumer(i)} bind \"{Producer(i)} out\" \"{Consumer(i)} in\"\n"))}}}\n";

    private readonly Dictionary<string, (ClusterNode Cluster, Node Node)> _nodes;
    private readonly string _images;

    private ClusterApplication(Dictionary<string, (ClusterNode, Node)> nodes, string images, Recorder recorder, SignalledEventLog events)
    {
        _nodes = nodes;
        _images = images;
        Recorder = recorder;
        Events = events;
    }

    public Recorder Recorder { get; }

    /// <summary>The launcher's event log: where it records the nodes it lost.</summary>
    public SignalledEventLog Events { get; }

    /// <summary>The launcher's node: it coordinates every change.</summary>
    public Node Coordinator => _nodes[Launcher].Node;

    /// <summary>The node named <paramref name="name"/>, and its membership of the cluster.</summary>
    public (ClusterNode Cluster, Node Node) this[string name] => _nodes[name];

    /// <summary>The node killed, if one was.</summary>
    public string? Victim { get; private set; }

    /// <summary>Whether a node may be killed yet: one of three, so that the other two keep their majority.</summary>
    public bool CanKill => Victim is null;

    /// <summary>The instances the launcher saw on the victim as it was killed.</summary>
    public IReadOnlySet<string> OnVictim { get; private set; } = new HashSet<string>();

    /// <summary>The instance that was moving as the victim was killed, if one was: it may have died with it, or not.</summary>
    public string? Moving { get; private set; }

    /// <summary>Whether <paramref name="instance"/> may still run: not on the victim, nor moving, when it was killed.</summary>
    public bool MayBeAlive(string instance) => Victim is null || (!OnVictim.Contains(instance) && instance != Moving);

    /// <summary>Starts the three nodes, joins them, and launches the application across them — or <paramref name="configuration"/>, placed by its <c>machine</c> attributes.</summary>
    public static async Task<ClusterApplication> StartAsync(string? configuration = null)
    {
        var images = Directory.CreateTempSubdirectory("midflight-cluster-brute-").FullName;
        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var recorder = new Recorder();
        var events = new SignalledEventLog();
        ClusterOptions Options(string name, params string[] seeds) => new()
        {
            NodeName = name,
            Secret = secret,
            Seeds = seeds,
            ImageFolder = Path.Combine(images, name),
            StepTimeout = TimeSpan.FromSeconds(5),
            FailureDetection = TimeSpan.FromSeconds(2),
        };
        NodeOptions NodeOptions(IEventLog? log) => TestNodes.Options(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), recorder) with
        {
            Time = TimeProvider.System,
            EventLog = log,
            QuiesceTimeout = TimeSpan.FromSeconds(2),
        };
        var launched = TestNodes.Parse(configuration ?? Configuration);
        var launcher = await ClusterNode.JoinAsync(Options(Launcher), NullLoggerFactory.Instance);
        var members = await Task.WhenAll(NodeNames.Skip(1).Select(name => ClusterNode.JoinAsync(Options(name, launcher.Address), NullLoggerFactory.Instance)));
        var nodes = members.ToDictionary(m => m.LocalNode, m => (m, m.StartMember(NodeOptions(null))), StringComparer.Ordinal);
        nodes[Launcher] = (launcher, await Node.StartAsync(launched, launcher.Configure(NodeOptions(events))));
        return new ClusterApplication(nodes, images, recorder, events);
    }

    /// <summary>
    /// Kills <paramref name="name"/> as a crash would — its actor system and dock gone at once, then its
    /// modules stopped, unannounced; <paramref name="moving"/> is the instance moving as it dies, if one
    /// is. One node of three, once: the other two keep their majority.
    /// </summary>
    public async Task KillAsync(string name, string? moving)
    {
        Assert.True(CanKill, $"node {Victim} was killed already: a second would leave no majority");
        Victim = name;
        OnVictim = Coordinator.Status.Instances.Where(i => i.Node == name).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        Moving = moving;
        var (cluster, node) = _nodes[name];
        _nodes.Remove(name);
        await cluster.CrashAsync();
        await node.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // The launcher first, while the others are there to drop their shares.
        foreach (var name in _nodes.Keys.OrderBy(n => n == Launcher ? 0 : 1).ToList())
        {
            var (cluster, node) = _nodes[name];
            // Bounded: a node that cannot stop fails the test instead of hanging the run.
            await node.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            await cluster.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }
        Directory.Delete(_images, recursive: true);
    }
}
