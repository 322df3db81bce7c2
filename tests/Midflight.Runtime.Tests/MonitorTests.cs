using Microsoft.Extensions.Time.Testing;
using Midflight.Examples.Monitor;

namespace Midflight.Runtime.Tests;

/// <summary>The Monitor application of the paper (Figures 1–3) on one embedded node, on fake time.</summary>
public sealed class MonitorTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Every_average_the_display_receives_is_the_mean_of_the_sensor_values_compute_consumed_for_it()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(TestNodes.MonitorText, time, recorder);

        await Drive.UntilAsync(node, time, () => recorder.ReadOn("display", "temper").Count >= 12, Step);

        var answered = MonitorTrace.Requests(recorder).Where(r => r.Reply is not null).ToList();
        Assert.True(answered.Count >= 12);
        Assert.All(answered, request =>
        {
            Assert.Equal(Display.Count, request.N);
            Assert.Equal(request.Mean, request.Reply!.Value, 12);
        });
        var received = recorder.ReadOn("display", "temper").Select(m => m.Single<double>()).ToList();
        Assert.Equal(answered.Select(r => r.Reply!.Value).Take(received.Count), received);
        Assert.Equal(received.Count, recorder.Printed("display").Count(line => line.StartsWith("average of the last", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_sensor_values_compute_reads_are_the_ones_the_sensor_wrote_in_order()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(TestNodes.MonitorText, time, recorder);

        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(60), Step);

        var written = recorder.WrittenOn("sensor", "out").Select(m => m.Single<int>()).ToList();
        var read = recorder.ReadOn("compute", "sensor").Select(m => m.Single<int>()).ToList();
        Assert.Equal(Enumerable.Range(0, written.Count).Select(Sensor.Temperature), written);
        Assert.Equal(written.Take(read.Count), read);
        Assert.Equal(written.Count - read.Count, node.Status["compute"].QueueDepths["sensor"]);
    }

    [Fact]
    public async Task Compute_replaced_100_times_while_sensor_and_display_run_loses_duplicates_and_reorders_nothing()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(TestNodes.MonitorText, time, recorder);
        // Fixed, so a failure can be replayed; the moments vary from "sleeping" to "deep in a request".
        var moments = new Random(20261123);

        for (var i = 0; i < 100; i++)
        {
            await Drive.ForAsync(node, time, Step * moments.Next(0, 24), Step);
            await Drive.CompleteAsync(node, time, node.ReplaceAsync("compute"), Step);
        }
        await Drive.UntilAsync(node, time, () => MonitorTrace.Requests(recorder).All(r => r.Reply is not null)
            && recorder.WrittenOn("display", "temper").Count == recorder.ReadOn("display", "temper").Count, Step);

        // No sensor value lost, duplicated or reordered: compute read a prefix of what sensor wrote, and the rest waits in its queue.
        var written = recorder.WrittenOn("sensor", "out").Select(m => m.Single<int>()).ToList();
        var read = recorder.ReadOn("compute", "sensor").Select(m => m.Single<int>()).ToList();
        Assert.Equal(written.Take(read.Count), read);
        Assert.Equal(written.Count - read.Count, node.Status["compute"].QueueDepths["sensor"]);

        // Every display request answered exactly once, with the mean of the values consumed for it.
        var requests = MonitorTrace.Requests(recorder);
        Assert.Equal(recorder.WrittenOn("display", "temper").Count, requests.Count);
        Assert.All(requests, r => Assert.Equal(r.Mean, r.Reply!.Value, 12));
        Assert.Equal(requests.Select(r => r.Reply!.Value), recorder.ReadOn("display", "temper").Select(m => m.Single<double>()));
        Assert.True(requests.Count > 50, $"only {requests.Count} requests were made: the test did not exercise enough traffic");

        // The state compute divulged at each replacement reached the next instance.
        var state = await Drive.CompleteAsync(node, time, node.InspectStateAsync("compute"), Step);
        Assert.Equal(requests.Count, state.Get<long>("served"));
    }
}
