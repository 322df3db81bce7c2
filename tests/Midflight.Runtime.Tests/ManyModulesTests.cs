using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>Async modules cost a little memory each, not a thread: thousands share one node.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class ManyModulesTests
{
    [Fact]
    public async Task Three_thousand_async_modules_share_a_node_without_a_thread_each_and_each_gets_every_value()
    {
        const int Summers = 3000;
        var text = new StringBuilder($$"""
            module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
            module summer { source = "{{TestNodes.TestModule("AsyncSummer")}}" :: use interface in pattern = {integer} }
            module app {
              instance counter

            """);
        for (var i = 0; i < Summers; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  instance s{i} : summer\n  bind \"counter out\" \"s{i} in\"\n");
        }
        text.Append('}');
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(text.ToString(), time, recorder);

        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));

        Assert.True(Process.GetCurrentProcess().Threads.Count < Summers / 10,
            $"{Process.GetCurrentProcess().Threads.Count} threads for {Summers} async modules");
        var written = recorder.WrittenOn("counter", "out").Count;
        Assert.Equal(Summers * written, recorder.Trace.Count(t => !t.Written));
        Assert.All(node.Status.Instances.Where(i => i.Name != "counter"), i => Assert.Equal(0, i.QueueDepths["in"]));
    }
}
