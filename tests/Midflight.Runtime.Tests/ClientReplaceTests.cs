using Microsoft.Extensions.Time.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>A client waiting for a reply has a request in progress: it is not at a quiet moment.</summary>
public sealed class ClientReplaceTests
{
    [Fact]
    public async Task A_client_replaced_while_its_request_is_answered_gets_each_reply_to_the_request_it_made()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync($$"""
            {{TestNodes.CallerAndEcho}}
            module app { instance caller instance echo bind "caller ask" "echo ask" }
            """, time, recorder);
        var step = TimeSpan.FromMilliseconds(250);

        for (var i = 0; i < 10; i++)
        {
            // Ask for the replace while the caller is blocked waiting for its reply: it must wait for
            // the reply to be read, and happen in the caller's delay.
            await Drive.UntilAsync(node, time, () => node.Status["caller"].Activity == new ModuleActivity(ModuleStatus.Waiting, "read 'ask'"), step);
            var replace = node.ReplaceAsync("caller");
            await Drive.CompleteAsync(node, time, replace, step);
        }
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(2), step);

        var printed = recorder.Printed("caller");
        Assert.True(printed.Count >= 10, $"only {printed.Count} calls completed: {string.Join("; ", printed)}");
        Assert.Equal(Enumerable.Range(0, printed.Count).Select(i => $"ok {i}"), printed);
    }

    [Fact]
    public async Task A_replace_when_a_server_is_idle_waits_until_it_has_answered_its_request()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync($$"""
            {{TestNodes.CallerAndEcho}}
            module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
            module collector { source = "{{TestNodes.TestModule("Collector")}}" :: use interface in pattern = {integer} }
            module app { instance caller instance echo instance counter instance collector
              bind "caller ask" "echo ask" bind "counter out" "collector in" }
            """, time, recorder);
        var step = TimeSpan.FromMilliseconds(250);
        bool EchoBusy() => recorder.ReadOn("echo", "ask").Count > recorder.WrittenOn("echo", "ask").Count;
        await Drive.UntilAsync(node, time, EchoBusy, step);

        // The collector's replace has nothing to do with echo; asked to wait for echo to be idle, it does.
        var replace = node.ReconfigureAsync(Scripts.Replace(node.Status, "collector") with { WhenIdle = ["echo"] });
        await node.WhenIdleAsync();
        Assert.False(replace.IsCompleted);

        await Drive.CompleteAsync(node, time, replace, step);
        Assert.False(EchoBusy());
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(3), step);
        Assert.All(recorder.Printed("caller"), line => Assert.StartsWith("ok ", line, StringComparison.Ordinal));

        var unknown = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReconfigureAsync(Scripts.Replace(node.Status, "collector") with { WhenIdle = ["nobody"] }));
        Assert.Equal("it must happen when 'nobody' is idle, but there is no instance 'nobody'; the application is unchanged", unknown.Message);
    }
}
