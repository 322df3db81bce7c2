using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Midflight.Cli.Tests;

[Collection(ModuleBuildsCollection.Name)]
public sealed class RunCommandTests
{
    [Fact]
    public async Task A_malformed_duration_is_refused_before_anything_runs()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("run", CliRun.PathOf("examples", "Monitor", "monitor.mil"), "--for", "soon");

        Assert.Equal(1, exit);
        Assert.Empty(cli.Logged);
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

    /// <summary>
    /// The README's first command, end to end: the Monitor's project is built by the SDK, its three
    /// modules start, the display prints averages, and after the duration every module stops.
    /// Runs on real time (the product's own --for), with a margin of several sensor periods.
    /// </summary>
    [Fact]
    public async Task Run_builds_and_starts_the_monitor_shows_its_output_and_stops_every_module_after_the_duration()
    {
        // On a copy: the node writes its files and the build its bin/ and obj/ beside the configuration.
        using var copy = RepositoryCopy.Of("examples/Monitor");
        var monitor = copy.PathOf("examples/Monitor/monitor.mil");
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("run", monitor, "--for", "8s");

        Assert.Equal(0, exit);
        Assert.Contains("display: average of the last 4 temperatures: ", cli.Output, StringComparison.Ordinal);
        Assert.EndsWith("Stopped", cli.Output.TrimEnd(), StringComparison.Ordinal);
        foreach (var instance in new[] { "display", "compute", "sensor" })
        {
            Assert.Contains($"Module {instance} ({instance}) started", cli.Logged);
            Assert.Contains($"Module {instance} ended: Deleted", cli.Logged);
        }
        // The launch is in the node's event log, which `midflight log` reads.
        var log = new CliRun();
        Assert.Equal(0, await log.InvokeAsync("log", monitor, "--last", "1", "--json"));
        Assert.Contains("\"title\": \"launch monitor\"", log.Output, StringComparison.Ordinal);
    }
}
