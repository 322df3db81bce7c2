using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Midflight.Control;
using Midflight.Model;
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

    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-capture-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private Node _node = null!;
    private ControlEndpoint? _endpoint;
    private NodeLock? _lock;

    private string Configuration => Path.Combine(_folder, "monitor.mil");

    public async Task InitializeAsync()
    {
        File.Copy(CliRun.PathOf("examples", "Monitor", "monitor.mil"), Configuration);
        _node = await Node.StartAsync(ConfigurationParser.Parse(await File.ReadAllTextAsync(Configuration), Configuration).Configuration!, new NodeOptions
        {
            Time = _time,
            BaseDirectory = AppContext.BaseDirectory,
            ProjectBuilder = new PrebuiltAssemblies(AppContext.BaseDirectory),
            // On fake time a deadline only passes when the test advances the clock that far.
            QuiesceTimeout = TimeSpan.FromHours(1),
        });
        _lock = NodeFiles.Control(new FileInfo(Configuration)).Lock();
        _endpoint = await ControlEndpoint.StartAsync(_node, _lock, NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
        _lock?.Dispose();
        await _node.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Runs a command while the node's clock moves on, a step each time the node is idle: compute reaches its point when it reads the sensor.</summary>
    private async Task<int> WhileTimePasses(Task<int> command)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var steps = 0; !command.IsCompleted; steps++)
        {
            Assert.True(steps < 20_000, "the command did not end");
            await _node.WhenIdleAsync(bound.Token);
            _time.Advance(Step);
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
        var file = Path.Combine(_folder, "compute.mfs");
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
        Assert.NotEqual(ModuleStatus.Captured, _node.Status["compute"].Activity.Status);
    }

    [Fact]
    public async Task Capture_of_an_instance_the_node_does_not_have_is_refused_and_writes_no_file()
    {
        var file = Path.Combine(_folder, "nobody.mfs");
        var capture = new CliRun();

        Assert.Equal(3, await capture.InvokeAsync("state", "capture", Configuration, "nobody", "--out", file));

        Assert.Contains("there is no instance 'nobody'", capture.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }
}
