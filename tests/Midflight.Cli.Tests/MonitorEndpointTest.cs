using Midflight.Control.Tests;

namespace Midflight.Cli.Tests;

/// <summary>
/// Tests of commands against the Monitor running on a node with a control endpoint, on fake time: its
/// configuration copied to a folder of the test's own, where the node's files go; its code the
/// prepared Monitor.dll beside the tests. Commands run while its clock moves on.
/// </summary>
public abstract class MonitorEndpointTest : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private EndpointNode? _running;

    private protected EndpointNode Running => _running ?? throw new InvalidOperationException("the Monitor has not started");

    /// <summary>The configuration file the commands name.</summary>
    protected string Configuration => Running.Configuration;

    public async Task InitializeAsync() =>
        _running = await EndpointNode.StartAsync(await File.ReadAllTextAsync(CliRun.PathOf("examples", "Monitor", "monitor.mil")), "monitor.mil");

    public async Task DisposeAsync() => await Running.DisposeAsync();

    /// <summary>Runs a command while the node's clock moves on, a step each time the node is idle: compute reaches its point when it reads the sensor.</summary>
    protected async Task<int> WhileTimePasses(Task<int> command)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var steps = 0; !command.IsCompleted; steps++)
        {
            Assert.True(steps < 20_000, "the command did not end");
            await Running.Node.WhenIdleAsync(bound.Token);
            Running.Time.Advance(Step);
        }
        return await command;
    }
}
