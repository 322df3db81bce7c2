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
        module app { instance counter instance collector bind "counter out" "collector in" }
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
            using var patience = new CancellationTokenSource(Patience);
            await foreach (var line in node._lines.Reader.ReadAllAsync(patience.Token))
            {
                if (line.StartsWith("Running", StringComparison.Ordinal))
                {
                    return node;
                }
            }
            throw new InvalidOperationException("the node ended before it ran:\n" + string.Join('\n', node._output));
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
