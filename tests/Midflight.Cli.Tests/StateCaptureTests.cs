using System.Text.Json;
using Midflight.Control;
using Midflight.Control.Tests;
using Midflight.Runtime;

namespace Midflight.Cli.Tests;

/// <summary>
/// <c>midflight state capture</c> against the Monitor running on a node on fake time. The Monitor's
/// configuration is copied to a folder of the test's own, where the node's files go; its code is the
/// prepared Monitor.dll beside the tests.
/// </summary>
public sealed class StateCaptureTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private EndpointNode _running = null!;

    private string Configuration => _running.Configuration;

    public async Task InitializeAsync() =>
        _running = await EndpointNode.StartAsync(await File.ReadAllTextAsync(CliRun.PathOf("examples", "Monitor", "monitor.mil")), "monitor.mil");

    public async Task DisposeAsync() => await _running.DisposeAsync();

    /// <summary>Runs a command while the node's clock moves on, a step each time the node is idle: compute reaches its point when it reads the sensor.</summary>
    private async Task<int> WhileTimePasses(Task<int> command)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var steps = 0; !command.IsCompleted; steps++)
        {
            Assert.True(steps < 20_000, "the command did not end");
            await _running.Node.WhenIdleAsync(bound.Token);
            _running.Time.Advance(Step);
        }
        return await command;
    }

    private static void AssertComputeAtItsPoint(JsonElement snapshot)
    {
        Assert.Equal("compute", snapshot.GetProperty("module").GetString());
        Assert.Equal("Average(int, int, ref double)", snapshot.GetProperty("frames").EnumerateArray().Last().GetProperty("method").GetString());
        Assert.Contains(snapshot.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "_served");
    }

    [Fact]
    public async Task Capture_out_writes_a_snapshot_file_that_dump_shows_as_the_instance_s_state()
    {
        var file = Path.Combine(_running.Folder, "compute.mfs");
        var capture = new CliRun();

        Assert.Equal(0, await WhileTimePasses(capture.InvokeAsync("state", "capture", Configuration, "compute", "--out", file)));

        Assert.StartsWith($"captured compute to {file} (", capture.Output, StringComparison.Ordinal);
        var dump = new CliRun();
        Assert.Equal(0, await dump.InvokeAsync("state", "dump", file));
        using var json = JsonDocument.Parse(dump.Output);
        AssertComputeAtItsPoint(json.RootElement);
        Assert.Equal("", dump.Errors);
    }

    [Fact]
    public async Task Capture_prints_the_instance_s_state_as_json_and_the_instance_goes_on()
    {
        var capture = new CliRun();

        Assert.Equal(0, await WhileTimePasses(capture.InvokeAsync("state", "capture", Configuration, "compute")));

        using var json = JsonDocument.Parse(capture.Output);
        AssertComputeAtItsPoint(json.RootElement);
        Assert.NotEqual(ModuleStatus.Captured, _running.Node.Status["compute"].Activity.Status);
    }

    [Fact]
    public async Task Capture_of_an_instance_the_node_does_not_have_is_refused_and_writes_no_file()
    {
        var file = Path.Combine(_running.Folder, "nobody.mfs");
        var capture = new CliRun();

        Assert.Equal(3, await capture.InvokeAsync("state", "capture", Configuration, "nobody", "--out", file));

        Assert.Contains("there is no instance 'nobody'", capture.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }
}
