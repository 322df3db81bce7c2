using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Every queue is bounded: a writer faster than its reader is held at the full queue until the
/// reader has taken half (backpressure), a change that moves a full queue drops nothing and waits on
/// nothing, and a reader that can no longer read holds its writers, which status explains.
/// </summary>
public sealed class BoundedQueueTests
{
    private const int Capacity = 8;

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    private static string Application(string consumerType) => $$"""
        module flood { source = "{{TestNodes.TestModule("Flood")}}" :: define interface out pattern = {integer} }
        module consumer { source = "{{TestNodes.TestModule(consumerType)}}" :: use interface in pattern = {integer} capacity = {{Capacity}} }
        module app { instance flood instance consumer bind "flood out" "consumer in" }
        """;

    [Fact]
    public async Task A_full_queue_holds_its_writer_and_a_move_of_it_loses_nothing_deadlocks_nothing_and_the_writer_resumes()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(Application("SlowCollector"), time, recorder);

        // The flood writes far faster than one read each 100 ms: the queue fills to its bound and stays there.
        var held = node.Status["flood"].Activity;
        Assert.Equal(ModuleStatus.Held, held.Status);
        // Full, or one less if the reader took one after it filled: the writer waits until it is down to half.
        Assert.Matches(@"^write to 'consumer in', its queue full \([78] of 8 messages queued; writes go on at 4\)$", held.WaitingFor);
        Assert.InRange(node.Status["consumer"].QueueDepths["in"], Capacity - 1, Capacity);

        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(Scripts.Move(node.Status, "consumer", "host2")), Step);

        Assert.Equal("host2", node.Status["consumer"].Spec.Attributes.Single(a => a.Name == "machine").Value);
        // The queue moved whole, and the writer, released by the retirement, is held at the new one.
        Assert.Equal(ModuleStatus.Held, node.Status["flood"].Activity.Status);
        Assert.InRange(node.Status["consumer"].QueueDepths["in"], Capacity - 1, Capacity);

        await Drive.UntilAsync(node, time, () => recorder.Printed("consumer").Count >= 5 * Capacity, Step);

        // Every value the flood wrote, read once and in order, by the old reader and then the new.
        var read = recorder.Printed("consumer").Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, read.Count), read);
        Assert.InRange(node.Status["consumer"].QueueDepths["in"], 1, Capacity);
    }

    [Fact]
    public async Task A_reader_that_has_faulted_holds_its_writers_status_says_why_and_removing_it_lets_them_go_on()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(Application("BrittleCollector"), time, recorder);
        await Drive.UntilAsync(node, time, () => node.Status["consumer"].Activity.Status == ModuleStatus.Faulted, Step);
        await node.WhenIdleAsync();

        // Not a queue that grows until memory runs out: it stops at its bound, its writer held.
        var held = node.Status["flood"].Activity;
        Assert.Equal(ModuleStatus.Held, held.Status);
        // Full, less what the reader took after it filled, and no more: the writer was let go below half.
        Assert.Matches(@"^write to 'consumer in', its queue full \([5-8] of 8 messages queued; writes go on at 4\); its reader has faulted$", held.WaitingFor);
        Assert.InRange(node.Status["consumer"].QueueDepths["in"], 5, Capacity);

        // A writer asked to pause is not held: its writes go over the bound until its quiet moment (the
        // flood's every 1024th value), so a change that must pause it is not kept waiting by a reader
        // that will never read; once let go, it is held again.
        await Drive.CompleteAsync(node, time, node.InspectStateAsync("flood"), Step);
        Assert.InRange(node.Status["consumer"].QueueDepths["in"], Capacity + 1, Capacity + 1024);
        Assert.Equal(ModuleStatus.Held, node.Status["flood"].Activity.Status);

        // The faulted reader deleted, a fresh one in its place: what was queued for the old one is
        // dropped with it, and the writer, let go, goes on into the new queue, in order.
        var queued = node.Status["consumer"].QueueDepths["in"];
        var fresh = ModuleRef.New("fresh");
        var restart = Reconfiguration.Of(
            new DeleteBinding(ModuleRef.Current("flood")["out"], ModuleRef.Current("consumer")["in"]),
            new DeleteModule(ModuleRef.Current("consumer")),
            new AddModule(fresh, node.Status["consumer"].Spec with { Source = new Model.ModuleSource("Midflight.TestModules.dll", "Midflight.TestModules.SlowCollector") }),
            new AddBinding(ModuleRef.Current("flood")["out"], fresh["in"]),
            new StartModule(fresh));
        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(restart), Step);
        await Drive.UntilAsync(node, time, () => recorder.Printed("fresh").Count >= 2 * Capacity, Step);

        var old = recorder.Printed("consumer").Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var @new = recorder.Printed("fresh").Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([0, 1, 2], old);
        // Dropped: the queued ones and the one the writer was held with, no more.
        Assert.Equal(Enumerable.Range(3 + queued + 1, @new.Count), @new);
    }

    [Fact]
    public async Task A_change_that_holds_a_reader_still_and_waits_for_its_held_writer_does_not_wait_on_itself()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(Application("SlowCollector"), time, recorder);
        Assert.Equal(ModuleStatus.Held, node.Status["flood"].Activity.Status);

        // The consumer is paused first; the flood, held at its full queue, could only reach a quiet
        // moment if the consumer read: asked to pause, it writes over the bound instead.
        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(Reconfiguration.Of(
            new StopModule(ModuleRef.Current("consumer")), new StopModule(ModuleRef.Current("flood")))), Step);
        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(Reconfiguration.Of(
            new StartModule(ModuleRef.Current("consumer")), new StartModule(ModuleRef.Current("flood")))), Step);
        await Drive.UntilAsync(node, time, () => recorder.Printed("consumer").Count >= 2 * Capacity, Step);

        var read = recorder.Printed("consumer").Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, read.Count), read);
    }

    [Fact]
    public async Task A_queue_without_a_capacity_of_its_own_takes_the_nodes_default()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var configuration = TestNodes.Parse(TestNodes.Pipeline("flood", "Flood", "consumer", "SlowCollector"));
        await using var node = await TestNodes.SettledAsync(await Node.StartAsync(configuration, TestNodes.Options(time, recorder) with { QueueCapacity = 3 }));

        Assert.Matches(@"^write to 'consumer in', its queue full \([23] of 3 messages queued; writes go on at 1\)$", node.Status["flood"].Activity.WaitingFor);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NodeOptions { QueueCapacity = 0 });
    }
}
