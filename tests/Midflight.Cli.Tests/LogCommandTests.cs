using System.Text.Json;
using Midflight.Runtime;

namespace Midflight.Cli.Tests;

public sealed class LogCommandTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-log-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Configuration => Path.Combine(_folder, "shop.mil");

    private async Task WriteLogAsync()
    {
        var log = await SqliteEventLog.OpenAsync(Path.Combine(_folder, ".midflight", "shop.events.db"));
        await log.AppendAsync(new ReconfigurationEvent(0, Noon, "ops", "launch shop", "1. add module till (new) from T.csproj#T", 1,
            TimeSpan.FromMilliseconds(12.5), TimeSpan.Zero, ReconfigurationOutcome.Committed, null), CancellationToken.None);
        await log.AppendAsync(new ReconfigurationEvent(0, Noon.AddMinutes(5), "alice", "replace 'till' <a+b>", "…", 9,
            TimeSpan.FromMilliseconds(3.25), TimeSpan.FromMilliseconds(0.75), ReconfigurationOutcome.Failed, "step 7 (move state): no fit"), CancellationToken.None);
    }

    [Fact]
    public async Task Log_shows_the_node_s_reconfigurations_from_the_log_beside_its_configuration()
    {
        await WriteLogAsync();
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("log", Configuration);

        Assert.Equal(0, exit);
        var lines = cli.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("2026-11-23 12:00:00", StringComparison.Ordinal) && l.Contains("launch shop", StringComparison.Ordinal) && l.Contains("committed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("alice", StringComparison.Ordinal) && l.Contains("0.75 ms", StringComparison.Ordinal) && l.Contains("failed: step 7 (move state): no fit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_json_is_for_scripts_and_last_limits_it()
    {
        await WriteLogAsync();
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("log", Configuration, "--last", "1", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(cli.Output);
        var entry = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("replace 'till' <a+b>", entry.GetProperty("title").GetString());
        Assert.Equal("failed", entry.GetProperty("outcome").GetString());
        // Numbers as numbers, in milliseconds, named as a change's own answer names them.
        Assert.Equal(3.25, entry.GetProperty("durationMs").GetDouble());
        Assert.Equal(0.75, entry.GetProperty("pausedMs").GetDouble());
        // Text as it is: nothing here is embedded in HTML.
        Assert.Contains("\"title\": \"replace 'till' <a+b>\"", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Off_a_terminal_each_entry_is_one_plain_line_however_long()
    {
        var log = await SqliteEventLog.OpenAsync(Path.Combine(_folder, ".midflight", "shop.events.db"));
        var title = "update till with " + string.Concat(Enumerable.Repeat("/a/very/long/path", 30)) + "/Till.csproj";
        await log.AppendAsync(new ReconfigurationEvent(0, Noon, "ops", title, "…", 1, TimeSpan.FromMilliseconds(1), TimeSpan.Zero, ReconfigurationOutcome.Committed, null), CancellationToken.None);
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("log", Configuration));

        var lines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("#  when (UTC)", lines[0], StringComparison.Ordinal);
        Assert.Matches($"^1  2026-11-23 12:00:00  ops  {System.Text.RegularExpressions.Regex.Escape(title)}  1 +0 ms +1 ms +committed$", lines[1]);
    }

    [Fact]
    public async Task Log_of_an_application_that_never_ran_exits_1_and_says_why()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("log", Configuration);

        Assert.Equal(1, exit);
        Assert.Contains("error: there is no event log at", cli.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_last_must_be_positive()
    {
        await WriteLogAsync();
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("log", Configuration, "--last", "0");

        Assert.Equal(1, exit);
        Assert.Equal("error: --last takes a number of reconfigurations, 1 or more", cli.Errors.Trim());
    }
}
