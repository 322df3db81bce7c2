namespace Midflight.Cli.Tests;

/// <summary><c>--plan</c> on a change prints what it would do and what was checked, and changes nothing.</summary>
public sealed class DryRunCommandTests : IAsyncLifetime
{
    private Control.Tests.EndpointNode _running = null!;

    public async Task InitializeAsync() => _running = await Control.Tests.EndpointNode.StartAsync();

    public async Task DisposeAsync() => await _running.DisposeAsync();

    [Fact]
    public async Task A_planned_remove_prints_its_steps_and_checks_and_the_instance_stays()
    {
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("remove", _running.Configuration, "collector", "--plan"));

        Assert.StartsWith("dry run: nothing was changed; 2 steps would be carried out as one transaction:", cli.Output, StringComparison.Ordinal);
        Assert.Contains("  delete module collector", cli.Lines.Select(l => "  " + l));
        Assert.Contains("checked now:", cli.Lines);
        Assert.Contains("when carried out:", cli.Lines);
        Assert.Contains(_running.Node.Status.Instances, i => i.Name == "collector");
    }
}
