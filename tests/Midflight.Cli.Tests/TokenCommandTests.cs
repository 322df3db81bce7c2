namespace Midflight.Cli.Tests;

/// <summary>
/// <c>midflight token add</c> makes a token with fewer rights; the command line uses it from
/// <c>MIDFLIGHT_TOKEN</c>, and the node refuses what it may not do, saying why.
/// </summary>
public sealed class TokenCommandTests : IAsyncLifetime
{
    private Control.Tests.EndpointNode _running = null!;

    public async Task InitializeAsync() => _running = await Control.Tests.EndpointNode.StartAsync();

    public async Task DisposeAsync() => await _running.DisposeAsync();

    [Fact]
    public async Task A_read_only_token_shows_the_status_and_its_replace_is_refused_naming_the_token()
    {
        var add = new CliRun();
        Assert.Equal(0, await add.InvokeAsync("token", "add", _running.Configuration, "auditor", "--read-only"));
        var token = add.Output.Trim();
        var list = new CliRun();
        Assert.Equal(0, await list.InvokeAsync("token", "list", _running.Configuration));
        Assert.Contains(list.Lines, line => line.StartsWith("auditor", StringComparison.Ordinal) && line.EndsWith("only read", StringComparison.Ordinal));
        var asAuditor = new Dictionary<string, string> { ["MIDFLIGHT_TOKEN"] = token };

        using (var status = MidflightProcess.Start(["status", _running.Configuration], asAuditor))
        {
            var (exit, output) = await status.ExitAsync(MidflightProcess.Patience);
            Assert.True(exit == 0, output);
            Assert.Contains("collector", output, StringComparison.Ordinal);
        }
        using (var replace = MidflightProcess.Start(["replace", _running.Configuration, "collector"], asAuditor))
        {
            var (exit, output) = await replace.ExitAsync(MidflightProcess.Patience);
            Assert.Equal(3, exit);
            Assert.Contains("token 'auditor' may only read, not change 'collector'", output, StringComparison.Ordinal);
        }
        Assert.Equal("Midflight.TestModules.dll#Midflight.TestModules.Collector", _running.Node.Status["collector"].Spec.Source.ToString());
    }

    [Fact]
    public async Task A_token_needs_exactly_one_right()
    {
        var none = new CliRun();
        Assert.Equal(1, await none.InvokeAsync("token", "add", _running.Configuration, "someone"));
        Assert.Contains("give the token one right: --read-only, --instances A,B or --scripts", none.Errors, StringComparison.Ordinal);

        var two = new CliRun();
        Assert.Equal(1, await two.InvokeAsync("token", "add", _running.Configuration, "someone", "--read-only", "--scripts"));
        Assert.False(File.Exists(_running.Files.GrantsFile));
    }
}
