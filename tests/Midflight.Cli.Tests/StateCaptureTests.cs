using System.Text.Json;
using Midflight.Control;
using Midflight.Runtime;

namespace Midflight.Cli.Tests;

/// <summary>
/// <c>midflight state capture</c> against the Monitor running on a node on fake time. The Monitor's
/// configuration is copied to a folder of the test's own, where the node's files go; its code is the
/// prepared Monitor.dll beside the tests.
/// </summary>
public sealed class StateCaptureTests : MonitorEndpointTest
{
    private static void AssertComputeAtItsPoint(JsonElement snapshot)
    {
        Assert.Equal("compute", snapshot.GetProperty("module").GetString());
        Assert.Equal("Average(int, int, ref double)", snapshot.GetProperty("frames").EnumerateArray().Last().GetProperty("method").GetString());
        Assert.Contains(snapshot.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "_served");
    }

    [Fact]
    public async Task Capture_out_writes_a_snapshot_file_that_dump_shows_as_the_instance_s_state()
    {
        var file = Path.Combine(Running.Folder, "compute.mfs");
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
        Assert.NotEqual(ModuleStatus.Captured, Running.Node.Status["compute"].Activity.Status);
    }

    [Fact]
    public async Task Capture_of_an_instance_the_node_does_not_have_is_refused_and_writes_no_file()
    {
        var file = Path.Combine(Running.Folder, "nobody.mfs");
        var capture = new CliRun();

        Assert.Equal(3, await capture.InvokeAsync("state", "capture", Configuration, "nobody", "--out", file));

        Assert.Contains("there is no instance 'nobody'", capture.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }
}
