using System.Text.RegularExpressions;
using CsCheck;
using Midflight.Testing;
using Xunit.Abstractions;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// The guarantees by brute force across nodes: random sequences of moves between three nodes of one
/// process (real Akka.Remote on loopback), replaces where an instance runs, and a node killed — between
/// changes or in the middle of a move — while producers write numbered messages to consumers on other
/// nodes; then the recorded history checked. On every binding nothing is repeated or reordered, and
/// nothing is lost but what died with the killed node: what a lost consumer had not read, what a lost
/// producer wrote last. Every producer's numbers run on without a gap (no state dropped by a move), every
/// move carries the whole stack, and the launcher reports lost exactly the instances the dead node ran
/// (and those of a live node a loaded machine's failure detector took for dead with it, which it records lost too).
/// CI runs a fixed seed; <c>MIDFLIGHT_BRUTE_FORCE=1</c> runs twenty runs from fresh seeds.
/// </summary>
public sealed partial class ClusterRandomReconfigurationTests(ITestOutputHelper output)
{
    private static readonly bool BruteForce = Environment.GetEnvironmentVariable("MIDFLIGHT_BRUTE_FORCE") == "1";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly Gen<ClusterChange[]> Runs = ClusterChange.Runs(changes: 30);

    [Fact]
    public async Task Random_moves_across_nodes_and_a_node_killed_lose_repeat_and_reorder_nothing_but_what_died_with_the_node()
    {
        var (committed, refused, kills, delivered) = (0, 0, 0, 0);
        var iterations = BruteForce ? 20 : 3;
        await Runs.SamplePinnedAsync(async run =>
        {
            var outcome = await RunAsync(run);
            committed += outcome.Committed;
            refused += outcome.Refused;
            kills += outcome.Killed ? 1 : 0;
            delivered += outcome.Delivered;
        }, seed: BruteForce ? null : "0Jq3Ml1W0vY1", iter: iterations,
            print: run => string.Join("\n", run.Select(c => c.ToString())), shrink: 3);

        output.WriteLine($"{iterations} runs, no violation: {committed} changes committed across nodes, {refused} refused (after a node died, or a live one taken for unreachable), "
            + $"{kills} node(s) killed, {delivered} messages delivered in order");
        Assert.True(committed >= iterations * 10, $"only {committed} changes committed");
    }

    private sealed record Outcome(int Committed, int Refused, bool Killed, int Delivered);

    private static async Task<Outcome> RunAsync(ClusterChange[] run)
    {
        await using var cluster = await ClusterApplication.StartAsync().WaitAsync(Bound);
        var (committed, refused) = (0, 0);
        foreach (var change in run)
        {
            var before = Placement(cluster.Coordinator);
            try
            {
                await change.RunAsync(cluster).WaitAsync(Bound);
                committed += change.IsChange() ? 1 : 0;
            }
            catch (ReconfigurationException refusal)
            {
                // With every node up, a change is refused only when Akka's failure detector takes a live node
                // for unreachable, as it may on a loaded machine (a step timed out is a fault); once one is
                // dead, for what died with it too.
                Assert.True(!cluster.CanKill || SuspectedUnreachable().IsMatch(refusal.Message), $"{change} was refused with every node up: {refusal.Message}");
                Assert.True(Placement(cluster.Coordinator).SequenceEqual(before), $"{change} was refused ({refusal.Message}) but moved an instance");
                refused++;
            }
        }
        return new Outcome(committed, refused, !cluster.CanKill, await CheckAsync(cluster));
    }

    [GeneratedRegex("became unreachable")]
    private static partial Regex SuspectedUnreachable();

    private static IEnumerable<(string Instance, string? Node)> Placement(Node coordinator) =>
        coordinator.Status.Instances.Select(i => (i.Name, i.Node)).OrderBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>
    /// Stops a producer, asking again while a live node is taken for unreachable, as the changes above
    /// may be refused (a loaded machine's failure detector suspects a node, then finds it again); any
    /// other refusal fails the test.
    /// </summary>
    private static async Task StopAsync(Node coordinator, string producer, CancellationToken bound)
    {
        while (true)
        {
            try
            {
                await coordinator.ReconfigureAsync(Reconfiguration.Of([new StopModule(ModuleRef.Current(producer))]), bound).WaitAsync(bound);
                return;
            }
            catch (ReconfigurationException refusal) when (SuspectedUnreachable().IsMatch(refusal.Message) && !bound.IsCancellationRequested)
            {
                // Asked again at once: the refusal came when the suspicion did, and the bound ends the asking.
            }
        }
    }

    /// <summary>Stops the producers, lets the consumers read what is left, and checks every binding's history.</summary>
    /// <returns>How many messages were read.</returns>
    private static async Task<int> CheckAsync(ClusterApplication cluster)
    {
        using var bound = new CancellationTokenSource(Bound);
        var coordinator = cluster.Coordinator;
        if (cluster.Victim is { } victim)
        {
            await cluster.Events.WhenRecorded($"node {victim} lost").WaitAsync(bound.Token);
        }
        // Where the launcher says each lost instance ran.
        var lostOn = coordinator.Status.Instances.Where(i => i.Activity.Status == ModuleStatus.Lost).ToDictionary(i => i.Name, i => i.Node!, StringComparer.Ordinal);
        var lost = lostOn.Keys.ToHashSet(StringComparer.Ordinal);
        // On a loaded machine the failure detector may take a live node for dead as the victim dies, and the
        // split-brain resolver take it out too: what ran there is lost with it, and the launcher records that node lost as it does the victim.
        foreach (var taken in lostOn.Values.Where(n => n != cluster.Victim).Distinct(StringComparer.Ordinal))
        {
            await cluster.Events.WhenRecorded($"node {taken} lost").WaitAsync(bound.Token);
        }
        var surely = cluster.OnVictim.Where(i => i != cluster.Moving);
        Assert.True(surely.All(lost.Contains), $"the launcher reports lost {string.Join(", ", lost)}, not all of {string.Join(", ", surely)}, which ran on the dead node");
        Assert.True(lost.Where(i => lostOn[i] == cluster.Victim).All(i => cluster.OnVictim.Contains(i) || i == cluster.Moving),
            $"the launcher reports lost {string.Join(", ", lost)}, which did not run on the dead node");
        foreach (var instance in lost)
        {
            var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => coordinator.ReconfigureAsync(Scripts.Move(coordinator.Status, instance, ClusterApplication.Launcher)));
            Assert.StartsWith($"'{instance}' was lost with node '{lostOn[instance]}', which left the cluster", refused.Message, StringComparison.Ordinal);
        }

        var pairs = Enumerable.Range(0, ClusterApplication.Producers).Select(i => (Producer: ClusterApplication.Producer(i), Consumer: ClusterApplication.Consumer(i))).ToList();
        foreach (var (producer, _) in pairs.Where(p => !lost.Contains(p.Producer)))
        {
            await StopAsync(coordinator, producer, bound.Token);
        }
        var recorder = cluster.Recorder;
        var whole = pairs.Where(p => !lost.Contains(p.Producer) && !lost.Contains(p.Consumer)).ToList();
        try
        {
            await recorder.UntilAsync(() => whole.All(p => recorder.CountOf(p.Consumer, "in", written: false) == recorder.CountOf(p.Producer, "out", written: true)), bound.Token);
        }
        catch (OperationCanceledException)
        {
            // Something never arrived: the checks below say what.
        }

        var delivered = 0;
        foreach (var (producer, consumer) in pairs)
        {
            var written = recorder.WrittenOn(producer, "out");
            var read = recorder.ReadOn(consumer, "in");
            Assert.True(written.Select(m => m[1].AsInteger()).SequenceEqual(Enumerable.Range(0, written.Count).Select(n => (long)n)),
                $"{producer} wrote {Numbers(written)}: a move or replace dropped or repeated its state");
            var differs = Enumerable.Range(0, read.Count).FirstOrDefault(k => k >= written.Count || read[k] != written[k], -1);
            Assert.True(differs < 0,
                $"{consumer} read {read.Count} of the {written.Count} messages {producer} wrote, repeated, reordered or skipped: its read #{differs} is {(differs < 0 ? "" : read[differs])}, where {producer} wrote {(differs >= 0 && differs < written.Count ? written[differs] : "nothing")}");
            Assert.True(!whole.Contains((producer, consumer)) || read.Count == written.Count,
                $"{consumer} read {read.Count} of the {written.Count} messages {producer} wrote, though neither died: lost {Numbers([.. written.Skip(read.Count)])}");
            delivered += read.Count;
        }
        return delivered;
    }

    private static string Numbers(IReadOnlyList<Message> messages) =>
        messages.Count <= 40 ? string.Join(" ", messages) : $"{string.Join(" ", messages.Take(20))} … {string.Join(" ", messages.TakeLast(20))} ({messages.Count} in all)";
}
