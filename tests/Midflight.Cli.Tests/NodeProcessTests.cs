using System.Diagnostics;
using System.Threading.Channels;
using Mono.Unix.Native;

namespace Midflight.Cli.Tests;

/// <summary>
/// <c>midflight run</c> as its own process, as users and service managers start and stop it: one
/// node per configuration, a clean stop on SIGTERM, and what a node killed outright leaves behind.
/// </summary>
public sealed class NodeProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-process-").FullName;

    public NodeProcessTests() => File.WriteAllText(Configuration, $$"""
        module counter { source = "{{Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll")}}#Midflight.TestModules.Counter" :: define interface out pattern = {integer} }
        module collector { source = "{{Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll")}}#Midflight.TestModules.Collector" :: use interface in pattern = {integer} }
        module asker { source = "{{Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll")}}#Midflight.TestModules.Asker" :: client interface ask pattern = {integer} accepts {~integer} }
        module stubborn { source = "{{Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll")}}#Midflight.TestModules.Stubborn" :: server interface ask pattern = {~integer} returns {integer} }
        module app {
          instance counter instance collector bind "counter out" "collector in"
          instance asker instance stubborn bind "asker ask" "stubborn ask"
        }
        """);

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
        using (var first = await NodeProcess.StartAsync(Configuration))
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

        using (var killed = await NodeProcess.StartAsync(Configuration))
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
            using (var node = await NodeProcess.StartAsync(Configuration))
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

    /// <summary>A <c>midflight run</c> process, its output read as it comes.</summary>
    private sealed class NodeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly List<string> _output = [];

        private NodeProcess(Process process) => _process = process;

        public int Id => _process.Id;

        /// <summary>Starts the node and returns once it says it runs.</summary>
        public static async Task<NodeProcess> StartAsync(string configuration)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "midflight.dll"), "run", configuration })
            {
                start.ArgumentList.Add(argument);
            }
            var node = new NodeProcess(Process.Start(start)!);
            node._process.OutputDataReceived += (_, e) => node.Received(e.Data);
            node._process.ErrorDataReceived += (_, e) => node.Received(e.Data);
            node._process.BeginOutputReadLine();
            node._process.BeginErrorReadLine();
            await node.PrintedAsync(line => line.StartsWith("Running", StringComparison.Ordinal));
            return node;
        }

        /// <summary>Returns once the node prints a line that <paramref name="matches"/>, within the test's patience.</summary>
        public async Task PrintedAsync(Func<string, bool> matches)
        {
            using var patience = new CancellationTokenSource(Patience);
            await foreach (var line in _lines.Reader.ReadAllAsync(patience.Token))
            {
                if (matches(line))
                {
                    return;
                }
            }
            lock (_output)
            {
                throw new InvalidOperationException("the node ended before it printed the line awaited:\n" + string.Join('\n', _output));
            }
        }

        private void Received(string? line)
        {
            if (line is null)
            {
                _lines.Writer.TryComplete();
                return;
            }
            lock (_output)
            {
                _output.Add(line);
            }
            _lines.Writer.TryWrite(line);
        }

        public void Kill() => _process.Kill();

        public async Task<(int Exit, string Output)> ExitAsync(TimeSpan patience)
        {
            using var limit = new CancellationTokenSource(patience);
            await _process.WaitForExitAsync(limit.Token);
            lock (_output)
            {
                return (_process.ExitCode, string.Join('\n', _output));
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            _process.Dispose();
        }
    }
}
