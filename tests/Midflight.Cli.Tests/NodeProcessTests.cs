using System.Globalization;
using System.Text.Json;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Midflight.Cli.Tests;

/// <summary>
/// <c>midflight run</c> as its own process, as users and service managers start and stop it: one
/// node per configuration, a clean stop on SIGTERM, and what a node killed outright leaves behind.
/// </summary>
public sealed class NodeProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = MidflightProcess.Patience;
    private static readonly string TestModules = Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll");
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-process-").FullName;
    private readonly ITestOutputHelper _output;

    // A caller asks slowecho, which answers a second later, and waits half a second between answer
    // and question: slowecho is at a quiet moment a third of the time.
    public NodeProcessTests(ITestOutputHelper output)
    {
        _output = output;
        File.WriteAllText(Configuration, $$"""
            module counter { source = "{{TestModules}}#Midflight.TestModules.Counter" :: define interface out pattern = {integer} }
            module collector { source = "{{TestModules}}#Midflight.TestModules.Collector" :: use interface in pattern = {integer} }
            module asker { source = "{{TestModules}}#Midflight.TestModules.Asker" :: client interface ask pattern = {integer} accepts {~integer} }
            module stubborn { source = "{{TestModules}}#Midflight.TestModules.Stubborn" :: server interface ask pattern = {~integer} returns {integer} }
            module caller { source = "{{TestModules}}#Midflight.TestModules.Caller" :: client interface ask pattern = {integer} accepts {~integer} }
            module slowecho { source = "{{TestModules}}#Midflight.TestModules.SlowEcho" :: server interface ask pattern = {~integer} returns {integer} }
            module app {
              instance counter instance collector bind "counter out" "collector in"
              instance asker instance stubborn bind "asker ask" "stubborn ask"
              instance caller instance slowecho bind "caller ask" "slowecho ask"
            }
            """);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Configuration => Path.Combine(_folder, "app.mil");

    private string NodeFile(string extension) => Path.Combine(_folder, ".midflight", "app" + extension);

    [Fact]
    public async Task A_second_run_is_refused_SIGTERM_stops_the_node_cleanly_and_the_files_of_a_killed_node_are_stale()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // signals and ownership are POSIX's
        }
        using (var first = await MidflightProcess.StartAsync("run", Configuration))
        {
            var second = new CliRun();
            Assert.Equal(2, await second.InvokeAsync("run", Configuration, "--for", "1s"));
            Assert.Contains($"node 'app' is already running (process {first.Id})", second.Errors, StringComparison.Ordinal);

            // The first node is untouched by the second's attempt: still reachable.
            var status = new CliRun();
            Assert.Equal(0, await status.InvokeAsync("status", Configuration));

            Assert.Equal(0, Syscall.kill(first.Id, Signum.SIGTERM));
            var (exit, output) = await first.ExitAsync(Patience);
            Assert.Equal(0, exit);
            Assert.Contains("SIGTERM: stopping", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Ctrl+C", output.Split('\n').SkipWhile(l => !l.StartsWith("Running", StringComparison.Ordinal)).Skip(1), StringComparer.Ordinal);
            Assert.EndsWith("Stopped", output.TrimEnd(), StringComparison.Ordinal);
            // One log line per event, with no event id in it.
            Assert.Contains(output.Split('\n'), l => l.EndsWith(" info: Module counter (counter) started", StringComparison.Ordinal));
            Assert.DoesNotMatch(@"\[\d+\]", output);
            Assert.False(File.Exists(NodeFile(".endpoint")) || File.Exists(NodeFile(".token")));
        }

        using (var killed = await MidflightProcess.StartAsync("run", Configuration))
        {
            killed.Kill();
            await killed.ExitAsync(Patience);
        }
        var stale = new CliRun();
        Assert.Equal(4, await stale.InvokeAsync("status", Configuration));
        Assert.Contains("were left by one that ended without removing them", stale.Errors, StringComparison.Ordinal);

        var next = new CliRun();
        Assert.Equal(0, await next.InvokeAsync("run", Configuration, "--for", "500ms"));
    }

    /// <summary>
    /// Kills the node, SIGKILL, in the middle of changes — ones that wait for an instance that is
    /// never idle: the log stays readable and shows the change in progress, the
    /// next `run` starts cleanly over the dead node's files and marks the change interrupted.
    /// </summary>
    [Fact]
    public async Task A_node_killed_in_the_middle_of_a_change_leaves_a_log_that_says_so_and_the_next_run_starts()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        // Three kinds of change, each waiting for an instance that is never idle, each killed the
        // moment the node says it has begun: the log entry is written, nothing else is.
        string[][] changes =
        [
            ["replace", Configuration, "collector"],
            ["move", Configuration, "collector", "--to", "host2"],
            ["remove", Configuration, "collector"],
        ];
        string[] titles = ["replace collector", "move collector to host2", "remove collector"];
        for (var kill = 1; kill <= changes.Length; kill++)
        {
            using (var node = await MidflightProcess.StartAsync("run", Configuration))
            {
                var change = new CliRun().InvokeAsync([.. changes[kill - 1], "--when-idle", "stubborn", "--timeout", "1h"], CancellationToken.None);
                await node.PrintedAsync(line => line.EndsWith($"Reconfiguration '{titles[kill - 1]}' begun, asked for by control endpoint ({Environment.UserName})", StringComparison.Ordinal));
                node.Kill();
                await node.ExitAsync(Patience);
                Assert.Equal(4, await change); // the node is gone: it does not answer
            }
            var before = new CliRun();
            Assert.Equal(0, await before.InvokeAsync("log", Configuration, "--json", "--last", "1"));
            Assert.Contains("\"outcome\": \"inProgress\"", before.Output, StringComparison.Ordinal);

            var next = new CliRun();
            Assert.Equal(0, await next.InvokeAsync("run", Configuration, "--for", "100ms"));

            var log = new CliRun();
            Assert.Equal(0, await log.InvokeAsync("log", Configuration, "--json", "--last", "50"));
            using var entries = System.Text.Json.JsonDocument.Parse(log.Output);
            var interrupted = entries.RootElement.EnumerateArray().Where(e => e.GetProperty("outcome").GetString() == "interrupted").ToList();
            Assert.Equal(titles.Take(kill), interrupted.Select(e => e.GetProperty("title").GetString()));
            Assert.DoesNotContain(entries.RootElement.EnumerateArray(), e => e.GetProperty("outcome").GetString() == "inProgress");
        }
    }

    /// <summary>
    /// Kills the node, SIGKILL, at random moments of an update — slowecho to Echo, the same answers
    /// without the wait, through <c>midflight update</c> — from the instant it has begun to past the end
    /// of its health window: while it loads the new version, while it waits for slowecho's quiet moment
    /// (which comes within a second, at a moment nobody chose), as it commits, and after. The moment
    /// is a delay drawn from a seeded <see cref="Random"/> (the seed is in every assertion's message;
    /// <c>MIDFLIGHT_KILL_SEED</c> sets it). A kill inside the change leaves it in progress in the log,
    /// and the next <c>run</c> marks it interrupted; a kill after its commit — in its health window,
    /// which the log does not count as part of the change, or later — leaves it committed. Either way
    /// the log reads and the next <c>run</c> starts. The kills go on until five have landed inside.
    /// </summary>
    [Fact]
    public async Task A_node_killed_at_random_moments_of_an_update_leaves_a_log_that_says_whether_it_was_interrupted_and_the_next_run_starts()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        const int Inside = 5;
        const int MostKills = 30;
        // Slowecho's quiet moment comes within a second; loading Echo and committing take a little
        // more; then the health window, a fifth of a second. Any moment up to the bound can be drawn,
        // the early ones — where the change surely still is — more often (the square of a uniform
        // draw): about half the kills land inside, so five take ten kills or so, and fewer than five
        // in thirty would be bad luck indeed.
        var bound = TimeSpan.FromMilliseconds(1_300);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MIDFLIGHT_KILL_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        var random = new Random(seed);
        var kills = new List<(TimeSpan Delay, string Outcome)>();
        while (kills.Count(k => k.Outcome.StartsWith("interrupted", StringComparison.Ordinal)) < Inside && kills.Count < MostKills)
        {
            var delay = TimeSpan.FromMilliseconds(Math.Round(bound.TotalMilliseconds * Math.Pow(random.NextDouble(), 2)));
            var moment = $"seed {seed}, kill {kills.Count + 1} at {delay.TotalMilliseconds} ms after the update began";
            int answered;
            bool switched; // the node said the transaction committed: the kill came after the switch
            var updating = new CliRun();
            using (var node = await MidflightProcess.StartAsync("run", Configuration, "--health-window", "200ms"))
            {
                var update = updating.InvokeAsync(["update", Configuration, "slowecho", "--with", TestModules + "#Midflight.TestModules.Echo"], CancellationToken.None);
                static bool Begun(string line) => line.Contains("Reconfiguration 'update slowecho to ", StringComparison.Ordinal) && line.Contains("' begun, asked for by", StringComparison.Ordinal);
                await node.PrintedAsync(Begun);
                await Task.Delay(delay); // the moment of the kill, not a wait for anything
                node.Kill();
                var (_, printed) = await node.ExitAsync(Patience);
                switched = printed.Split('\n').SkipWhile(line => !Begun(line)).Any(line => line.Contains(" steps committed in ", StringComparison.Ordinal));
                answered = await update;
            }
            using var last = await LogAsync(1, moment);
            var before = last.RootElement.EnumerateArray().Single();
            var outcome = before.GetProperty("outcome").GetString();
            Assert.True(before.GetProperty("title").GetString()!.StartsWith("update slowecho to ", StringComparison.Ordinal), $"{moment}: the last entry is not the update: {before}");
            // Answered (0): it ended before the kill. Not answered (4): the node died first, in the change or after it.
            Assert.True(answered == 4 || (answered == 0 && outcome == "committed"), $"{moment}: the update answered {answered} and the log says {outcome}: {updating.Errors}");
            Assert.True(outcome is "inProgress" or "committed", $"{moment}: the log says {outcome}");

            var next = new CliRun();
            Assert.True(await next.InvokeAsync("run", Configuration, "--for", "100ms") == 0, $"{moment}: the next run did not start: {next.Errors}");

            using var after = await LogAsync(50, moment);
            var entry = after.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == before.GetProperty("id").GetInt64());
            var end = entry.GetProperty("outcome").GetString()!;
            Assert.True(end == (outcome == "inProgress" ? "interrupted" : "committed"), $"{moment}: the log said {outcome} before the next run, and {end} after it");
            Assert.DoesNotContain(after.RootElement.EnumerateArray(), e => e.GetProperty("outcome").GetString() == "inProgress");
            kills.Add((delay, end == "interrupted" && switched ? "interrupted after the switch" : end));
        }
        var summary = $"seed {seed}: {kills.Count} kills, {kills.Count(k => k.Outcome.StartsWith("interrupted", StringComparison.Ordinal))} inside the update"
            + $" ({kills.Count(k => k.Outcome == "interrupted after the switch")} of them after its transaction committed, before its end was logged), "
            + $"{kills.Count(k => k.Outcome == "committed")} after it was logged committed; "
            + string.Join(", ", kills.Select(k => $"{k.Delay.TotalMilliseconds} ms {k.Outcome}"));
        _output.WriteLine(summary);
        Assert.True(kills.Count(k => k.Outcome.StartsWith("interrupted", StringComparison.Ordinal)) >= Inside, summary);

        async Task<JsonDocument> LogAsync(int last, string moment)
        {
            var log = new CliRun();
            Assert.True(await log.InvokeAsync("log", Configuration, "--json", "--last", last.ToString(CultureInfo.InvariantCulture)) == 0, $"{moment}: the log does not read: {log.Errors}");
            return JsonDocument.Parse(log.Output);
        }
    }
}
