using Microsoft.Extensions.Time.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>Binding edits and queue primitives on a running application.</summary>
public sealed class BindingChangeTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    private static readonly string CounterAndTwoCollectors = $$"""
        module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
        module collector { source = "{{TestNodes.TestModule("Collector")}}" :: use interface in pattern = {integer} }
        module app {
          instance counter
          instance left : collector
          instance right : collector
          bind "counter out" "left in"
        }
        """;

    [Fact]
    public async Task Moving_a_binding_to_another_consumer_in_one_transaction_splits_the_stream_without_a_gap_or_an_overlap()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(CounterAndTwoCollectors, time, recorder);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(5), Step);

        var counter = ModuleRef.Current("counter");
        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(Reconfiguration.Of(
            new DeleteBinding(counter["out"], ModuleRef.Current("left")["in"]),
            new AddBinding(counter["out"], ModuleRef.Current("right")["in"]))), Step);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(5), Step);

        var left = recorder.ReadOn("left", "in").Select(m => m.Single<int>()).ToList();
        var right = recorder.ReadOn("right", "in").Select(m => m.Single<int>()).ToList();
        Assert.NotEmpty(left);
        Assert.NotEmpty(right);
        Assert.Equal(Enumerable.Range(0, recorder.WrittenOn("counter", "out").Count), left.Concat(right));
        Assert.Equal([new Model.BindingSpec(new("counter", "out"), new("right", "in"))], node.Status.Bindings.AsEnumerable());
    }

    [Fact]
    public async Task Removing_the_queue_of_a_held_consumer_discards_what_waited_and_keeps_what_comes_after()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(CounterAndTwoCollectors, time, recorder);
        var left = ModuleRef.Current("left");
        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(Reconfiguration.Of(new StopModule(left))), Step);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(4), Step);
        var waiting = node.Status["left"].QueueDepths["in"];
        Assert.True(waiting >= 3);

        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(Reconfiguration.Of(new RemoveQueue(left["in"]), new StartModule(left))), Step);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(3), Step);

        var written = recorder.WrittenOn("counter", "out").Select(m => m.Single<int>()).ToList();
        var read = recorder.ReadOn("left", "in").Select(m => m.Single<int>()).ToList();
        var discarded = written.Except(read).ToList();
        Assert.Equal(waiting, discarded.Count);
        Assert.True(read.Count > 0 && read[^1] == written[^1], "what came after the removal was delivered");
        Assert.Equal(read.Order(), read);
    }
}
