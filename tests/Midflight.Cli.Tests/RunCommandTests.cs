using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Midflight.Cli.Tests;

[Collection(ModuleBuildsCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    // On a copy: the node writes its files, and the build its bin/ and obj/, beside the configuration.
    private readonly RepositoryCopy _copy = RepositoryCopy.Of("examples/Monitor");

    public void Dispose() => _copy.Dispose();

    private string Monitor(string file) => _copy.PathOf("examples/Monitor/" + file);

    [Theory]
    [InlineData("soon", "--for takes a duration above zero and at most 24 days, such as 500ms, 30s, 5m, 1h or hh:mm:ss, not 'soon'")]
    [InlineData("20", "--for takes a duration with its unit, such as 20s or 20ms, not '20' alone")]
    [InlineData("25d", "--for takes a duration above zero and at most 24 days, such as 500ms, 30s, 5m, 1h or hh:mm:ss, not '25d'")]
    [InlineData("0s", "--for takes a duration above zero and at most 24 days, such as 500ms, 30s, 5m, 1h or hh:mm:ss, not '0s'")]
    public async Task A_malformed_duration_is_refused_before_anything_runs(string duration, string error)
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("run", Monitor("monitor.mil"), "--for", duration);

        Assert.Equal(1, exit);
        Assert.Equal(error, cli.Errors.Trim());
        Assert.Empty(cli.Output);
        Assert.Empty(cli.Logged);
        Assert.False(Directory.Exists(Monitor(".midflight")));
    }

    [Theory]
    [InlineData("--otlp", "localhost:4317", "--otlp takes a collector's http:// or https:// address, such as http://localhost:4317, not 'localhost:4317'")]
    [InlineData("--otlp-protocol", "udp", "Argument 'udp' not recognized. Must be one of:")]
    public async Task A_malformed_collector_is_refused_before_anything_runs(string option, string value, string error)
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("run", Monitor("monitor.mil"), option, value);

        Assert.Equal(1, exit);
        Assert.StartsWith(error, cli.Errors.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Monitor(".midflight")));
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("00:00:20", 20_000)]
    public void Durations_take_a_unit_or_a_clock(string text, double milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds);
    }

    [Fact]
    public void Run_takes_a_health_window_as_a_duration_and_refuses_anything_else_naming_the_option()
    {
        var command = MidflightCommand.Create(
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, NullLoggerFactory.Instance);

        Assert.Empty(command.Parse(["run", "app.mil", "--health-window", "5m"]).Errors);
        var malformed = Assert.Single(command.Parse(["run", "app.mil", "--health-window", "soon"]).Errors);
        Assert.Contains("--health-window", malformed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("2.5")]
    [InlineData("lots")]
    [InlineData("1000000001")]
    public void Run_takes_a_queue_capacity_from_1_to_a_billion_and_refuses_anything_else_naming_the_option(string capacity)
    {
        var command = MidflightCommand.Create(
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, NullLoggerFactory.Instance);

        Assert.Empty(command.Parse(["run", "app.mil", "--queue-capacity", "1000"]).Errors);
        var malformed = Assert.Single(command.Parse(["run", "app.mil", "--queue-capacity", capacity]).Errors);
        Assert.Equal($"--queue-capacity takes a whole number of messages from 1 to 1000000000, not '{capacity}'", malformed.Message);
    }

    /// <summary>
    /// The README's first command, end to end on a copy of the example: the Monitor's project is built
    /// by the SDK (which the node says it is doing), its three modules start, the display prints
    /// averages, and after the duration every module stops. Runs on real time (the product's own
    /// --for), with a margin of several sensor periods.
    /// </summary>
    [Fact]
    public async Task Run_builds_and_starts_the_monitor_shows_its_output_and_stops_every_module_after_the_duration()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("run", Monitor("monitor.mil"), "--for", "8s");

        Assert.Equal(0, exit);
        Assert.Contains("display: average of the last 4 temperatures: ", cli.Output, StringComparison.Ordinal);
        Assert.Contains("Ran for 00:00:08: stopping", cli.Output, StringComparison.Ordinal);
        Assert.EndsWith("Stopped", cli.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($"Building module project {Monitor("Monitor.csproj")} (dotnet build -c Release)", cli.Logged);
        foreach (var instance in new[] { "display", "compute", "sensor" })
        {
            Assert.Contains($"Module {instance} ({instance}) started", cli.Logged);
            Assert.Contains($"Module {instance} ended: Deleted", cli.Logged);
        }
        // The launch is in the node's event log, which `midflight log` reads; the node's other files are gone.
        var log = new CliRun();
        Assert.Equal(0, await log.InvokeAsync("log", Monitor("monitor.mil"), "--last", "1", "--json"));
        Assert.Contains("\"title\": \"launch monitor\"", log.Output, StringComparison.Ordinal);
        Assert.Equal(["monitor.events.db", "monitor.lock"], Directory.GetFiles(Monitor(".midflight")).Select(Path.GetFileName).Order());
        // The embedded node does not start Akka, nor load it: only a node of a cluster pays for one.
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name!.StartsWith("Akka", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_launch_that_fails_leaves_no_event_log_behind()
    {
        var configuration = Monitor("broken.mil");
        await File.WriteAllTextAsync(configuration, """
            module gone { source = "Nowhere.dll#Gone" :: define interface out pattern = {integer} }
            module broken { instance gone }
            """);
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("run", configuration, "--for", "1s");

        Assert.Equal(2, exit);
        Assert.Contains("the application could not start", cli.Errors, StringComparison.Ordinal);
        Assert.Equal(["broken.lock"], Directory.GetFiles(Monitor(".midflight")).Select(Path.GetFileName));
    }
}
