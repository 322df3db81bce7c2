using CsCheck;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// One step of a random run across nodes against <see cref="ClusterApplication"/>: an instance moved
/// to a node (or replaced where it runs), a node killed — between changes or in the middle of a move —
/// or the producers left to write. Until a node is killed every change must commit, unless Akka's
/// failure detector takes a live node for unreachable; after, a change may be refused (a node is
/// unreachable, an instance lost). A refused change must leave every instance where it was.
/// </summary>
internal abstract record ClusterChange
{
    /// <summary>Whether it is a change of the application, rather than time passing or a node dying.</summary>
    public virtual bool IsChange() => true;

    public abstract Task RunAsync(ClusterApplication cluster);

    private static readonly Gen<string> Instances = Gen.Int[0, ClusterApplication.Instances.Length - 1].Select(i => ClusterApplication.Instances[i]);
    private static readonly Gen<string> Nodes = Gen.Int[0, ClusterApplication.NodeNames.Length - 1].Select(i => ClusterApplication.NodeNames[i]);

    // The launcher coordinates every change: it is not killed (see ClusterApplication.Launcher).
    private static readonly Gen<string> Victims = Gen.Int[1, ClusterApplication.NodeNames.Length - 1].Select(i => ClusterApplication.NodeNames[i]);

    /// <summary>The changes, with time passing between them.</summary>
    public static Gen<ClusterChange> Any { get; } = Gen.Frequency(
        (6, Gen.Select(Instances, Nodes, (instance, node) => (ClusterChange)new Move(instance, node))),
        (2, Instances.Select(instance => (ClusterChange)new Replace(instance))),
        (3, Gen.Int[1, 60].Select(messages => (ClusterChange)new Let(messages))));

    /// <summary>A node killed: between two changes, or in the middle of a move.</summary>
    public static Gen<ClusterChange> Killing { get; } = Gen.Frequency(
        (1, Victims.Select(victim => (ClusterChange)new Kill(victim))),
        (2, Gen.Select(Instances, Nodes, Victims, Gen.Int[0, 25], (instance, node, victim, ms) => (ClusterChange)new MoveWhileKilling(instance, node, victim, ms))));

    /// <summary>
    /// A run: <paramref name="changes"/>, and one node killed somewhere in their second half, so that
    /// most changes are tried with every node up, and some after one is lost.
    /// </summary>
    public static Gen<ClusterChange[]> Runs(int changes) =>
        Gen.Select(Any.Array[changes / 2, changes], Killing, Gen.Double[0.5, 1], (run, kill, at) =>
        {
            var position = (int)(run.Length * at);
            return (ClusterChange[])[.. run[..position], kill, .. run[position..]];
        });

    /// <summary>How many frames deep a module of the application stops at its point: <c>Run</c> and the recursion under it.</summary>
    private static int Frames(string instance) => instance.StartsWith('p') ? 6 : 5;

    /// <summary>The instance to <paramref name="Node"/>, mid-recursion, its queue and its state with it; to where it runs already, a replace there.</summary>
    public sealed record Move(string Instance, string Node) : ClusterChange
    {
        public override async Task RunAsync(ClusterApplication cluster)
        {
            var result = await cluster.Coordinator.ReconfigureAsync(Scripts.Move(cluster.Coordinator.Status, Instance, Node));
            Assert.Equal(Frames(Instance), result.MovedFrames[Instance]);
        }
    }

    /// <summary>A new incarnation of the instance where it runs: the node that runs it carries it out, as PODUS's sites.</summary>
    public sealed record Replace(string Instance) : ClusterChange
    {
        public override async Task RunAsync(ClusterApplication cluster)
        {
            var result = await cluster.Coordinator.ReplaceAsync(Instance);
            Assert.Equal(Frames(Instance), result.MovedFrames[Instance]);
        }
    }

    /// <summary>The producers that may be alive write <paramref name="Messages"/> more between them.</summary>
    public sealed record Let(int Messages) : ClusterChange
    {
        public override bool IsChange() => false;

        public override async Task RunAsync(ClusterApplication cluster)
        {
            var producers = Enumerable.Range(0, ClusterApplication.Producers).Select(ClusterApplication.Producer).Where(cluster.MayBeAlive).ToList();
            int Written() => producers.Sum(p => cluster.Recorder.CountOf(p, "out", written: true));
            var until = Written() + Messages;
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await cluster.Recorder.UntilAsync(() => producers.Count == 0 || Written() >= until, bound.Token);
        }
    }

    /// <summary>The node dies as a crash would.</summary>
    public sealed record Kill(string Victim) : ClusterChange
    {
        public override bool IsChange() => false;

        public override Task RunAsync(ClusterApplication cluster) => cluster.KillAsync(Victim, moving: null);
    }

    /// <summary>
    /// A move, and a node killed while it is under way, <paramref name="AfterMs"/> after it was asked:
    /// the move commits or is abandoned as a whole, whichever node dies.
    /// </summary>
    public sealed record MoveWhileKilling(string Instance, string Node, string Victim, int AfterMs) : ClusterChange
    {
        public override async Task RunAsync(ClusterApplication cluster)
        {
            var moving = cluster.Coordinator.ReconfigureAsync(Scripts.Move(cluster.Coordinator.Status, Instance, Node));
            // Not a wait for anything: where in the move the node dies is what this draws.
            await Task.Delay(AfterMs);
            await cluster.KillAsync(Victim, moving: Instance);
            var result = await moving;
            Assert.Equal(Frames(Instance), result.MovedFrames[Instance]);
        }
    }
}
