namespace Midflight.Cli.Tests;

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

    /// <summary>
    /// The README's first command, end to end: the Monitor's project is built by the SDK, its three
    /// modules start, the display prints averages, and after the duration every module stops.
    /// Runs on real time (the product's own --for), with a margin of several sensor periods.
    /// </summary>
    [Fact]
    public async Task Run_builds_and_starts_the_monitor_shows_its_output_and_stops_every_module_after_the_duration()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("run", CliRun.PathOf("examples", "Monitor", "monitor.mil"), "--for", "8s");

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
        Assert.Equal(0, await log.InvokeAsync("log", CliRun.PathOf("examples", "Monitor", "monitor.mil"), "--last", "1", "--json"));
        Assert.Contains("\"title\": \"launch monitor\"", log.Output, StringComparison.Ordinal);
    }
}
