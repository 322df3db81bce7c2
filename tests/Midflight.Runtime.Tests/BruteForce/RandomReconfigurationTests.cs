using Midflight.Testing;
using System.Collections.Immutable;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// Guarantees by brute force: random sequences of every change the embedded node offers — replace,
/// move, replicate, update, rollback, bindings added, removed and moved, queues removed on purpose,
/// plans of several primitives in one transaction, and changes that must be refused — drawn by
/// CsCheck while producers write numbered messages and a client calls a server, then the whole
/// recorded history checked (<see cref="DeliveryHistory"/>): on every binding nothing lost, repeated
/// or reordered, but for what a change discarded on purpose, accounted for; no state dropped; every
/// reply its request's; every refused change leaving the application as it was. CI runs a fixed seed,
/// at least a thousand changes; <c>MIDFLIGHT_BRUTE_FORCE=1</c> runs ten thousand and more from fresh
/// seeds. A failure prints its seed and the shrunk sequence.
/// </summary>
public sealed class RandomReconfigurationTests(ITestOutputHelper output)
{
    private static readonly bool BruteForce = Environment.GetEnvironmentVariable("MIDFLIGHT_BRUTE_FORCE") == "1";

    private static readonly Gen<RandomChange[]> Runs = RandomChange.Any.Array[20, 60];

    [Fact]
    public async Task Random_changes_lose_repeat_and_reorder_nothing_and_refused_ones_change_nothing()
    {
        var (changes, rerouted, emptied, discarded, held) = (0, 0, 0, 0, 0);
        var iterations = BruteForce ? 700 : 70;
        await Runs.SamplePinnedAsync(async run =>
        {
            var (initial, committed, discards, heldAtBegin) = await RunAsync(run);
            var routes = committed.Select(c => c.Routes).Prepend(initial).ToList();
            changes += run.Count(c => c.IsChange());
            rerouted += routes.Zip(routes.Skip(1)).Count(pair => pair.First.Any(r => !r.Value.SetEquals(pair.Second[r.Key])));
            emptied += committed.Sum(c => c.Emptied.Count);
            discarded += discards;
            held += heldAtBegin;
        }, seed: BruteForce ? null : "0Jq3Ml1W0vY1", iter: iterations,
            print: run => string.Join("\n", run.Select(c => c.ToString())));

        output.WriteLine($"{changes} changes tried in {iterations} runs, no violation; {rerouted} changed where a producer's messages go, "
            + $"{emptied} emptied a reader's queue on purpose, {discarded} messages discarded with them, each accounted for; "
            + $"{held} began with a writer held at a full queue");
        Assert.True(changes >= (BruteForce ? 10_000 : 1_000), $"only {changes} changes were tried");
    }

    /// <returns>Where the producers' messages went at the start, the changes committed, as the checker saw them, how many messages the bus discarded, and how many changes began with a writer held.</returns>
    private static async Task<(ImmutableDictionary<string, ImmutableSortedSet<string>> Initial, IReadOnlyList<ObservedChange> Committed, int Discards, int HeldAtBegin)> RunAsync(RandomChange[] run)
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(SequenceApplication.Configuration, time, recorder);
        var routes = SequenceApplication.Routes(node.Status);
        var committed = new List<ObservedChange>();
        var heldAtBegin = 0;
        foreach (var change in run)
        {
            var (before, begin, shape) = (node.Status, recorder.Count, SequenceApplication.Shape(node));
            heldAtBegin += change.IsChange() && before.Instances.Any(i => i.Activity.Status == ModuleStatus.Held) ? 1 : 0;
            try
            {
                await change.RunAsync(node, time);
                Assert.False(change.MustBeRefused(), $"{change} was committed, and must have been refused");
                committed.Add(ObservedChange.Between(change, before, begin, node.Status, recorder.Count));
            }
            catch (ReconfigurationException refusal) when (change.MayBeRefused())
            {
                Assert.True(shape == SequenceApplication.Shape(node), $"{change} was refused ({refusal.Message}) but changed the application:\n{shape}\n---\n{SequenceApplication.Shape(node)}");
            }
        }
        // Stop the writers, let every queue drain, then read the history.
        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(Reconfiguration.Of(
            [.. Enumerable.Range(0, SequenceApplication.Producers).Select(i => new StopModule(ModuleRef.Current(SequenceApplication.Producer(i)))),
             new StopModule(ModuleRef.Current(SequenceApplication.Caller))])), TimeSpan.FromMilliseconds(100));
        await Drive.UntilAsync(node, time, () => node.Status.Instances.All(i => i.QueueDepths.Values.All(depth => depth == 0)), TimeSpan.FromMilliseconds(300));
        var violations = DeliveryHistory.Violations(recorder, routes, committed);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        return (routes, committed, recorder.Discards.Count, heldAtBegin);
    }
}
