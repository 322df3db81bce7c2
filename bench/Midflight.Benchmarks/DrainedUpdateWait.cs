using System.Diagnostics;
using System.Globalization;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Benchmarks;

/// <summary>
/// How long an update of a busy server takes from the moment it is asked for to its commit, done two
/// ways in one run, alternating: at the server's quiet moment (an update without points waits for the
/// request in hand to be answered) and drained (<c>update --drain</c>: the new version starts at once
/// beside the old, which answers its request itself). The server works <c>--work</c> milliseconds on
/// each request of a client that asks again at once; the update is asked for at a moment drawn at
/// random within a request. Each update runs on a node of its own, started afresh.
/// </summary>
internal static class DrainedUpdateWait
{
    public const string Command = "drain";

    // dotnet run -c Release --project bench/Midflight.Benchmarks -- drain [--work MS] [--runs K]
    public static async Task<int> RunAsync(string[] args)
    {
        var switches = Switches.Parse(args, "--work", "--runs");
        var work = switches.Count("--work", 500);
        var runs = switches.Count("--runs", 7);
        var first = Build("ServerV1", work, "v1");
        var second = Build("ServerV2", work, "v2").Modules.Single(m => m.Name == "server").Source;
        var random = new Random(19);
        Console.WriteLine($"a server working {work} ms on each request, {runs} runs, at the quiet moment and drained alternating");
        Console.WriteLine();
        Console.WriteLine("| run | asked after | quiet moment: asked to commit | quiet moment: pause | drained: asked to commit | drained: pause |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        var waits = (Quiet: new List<double>(), Drained: new List<double>());
        for (var run = 1; run <= runs; run++)
        {
            var after = TimeSpan.FromMilliseconds(random.Next(work));
            var quiet = await UpdateAsync(first, second, after, drained: false);
            var drained = await UpdateAsync(first, second, after, drained: true);
            waits.Quiet.Add(quiet.Whole);
            waits.Drained.Add(drained.Whole);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {after.TotalMilliseconds:0} ms | {quiet.Whole:0.#} ms | {quiet.Pause:0.###} ms | {drained.Whole:0.#} ms | {drained.Pause:0.###} ms |"));
        }
        var (quietMedian, drainedMedian) = (Quantile.Of(waits.Quiet, 0.5), Quantile.Of(waits.Drained, 0.5));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| median | | {quietMedian:0.#} ms | | {drainedMedian:0.#} ms | {quietMedian / drainedMedian:0.#}× |"));
        return 0;
    }

    /// <returns>From the moment the update is asked for to its commit, and its pause, in milliseconds.</returns>
    private static async Task<(double Whole, double Pause)> UpdateAsync(Configuration first, ModuleSource second, TimeSpan after, bool drained)
    {
        await using var node = await Node.StartAsync(first, new NodeOptions { Output = new SilentOutput() });
        // Into a request: the client asks as the node starts, and again at once after each reply.
        await Task.Delay(after);
        var asked = Stopwatch.GetTimestamp();
        var result = drained ? await node.UpdateDrainingAsync("server", second) : await node.UpdateAsync("server", second);
        return (Stopwatch.GetElapsedTime(asked).TotalMilliseconds, result.Paused.TotalMilliseconds);
    }


    /// <summary>A client and a server whose version answers with <paramref name="version"/>, built into a folder of its own, as a configuration that runs them.</summary>
    private static Configuration Build(string name, int work, string version)
    {
        var assembly = Path.Combine(Directory.CreateTempSubdirectory("midflight-drain-").FullName, name + ".dll");
        var configuration = ConfigurationParser.Parse($$"""
            module server { source = "{{assembly}}#Workloads.Server" :: server interface ask pattern = {~integer} returns {string} :: }
            module client { source = "{{assembly}}#Workloads.Client" :: client interface ask pattern = {integer} accepts {~string} :: }
            module bench { instance server instance client bind "client ask" "server ask" }
            """, "bench.mil").Configuration!;
        PreparedModules.Build(assembly, configuration.Modules, $$"""
            namespace Workloads;

            public sealed class Server : Midflight.Module
            {
                protected override void Run()
                {
                    while (true)
                    {
                        Read("ask");
                        Delay(System.TimeSpan.FromMilliseconds({{work}}));
                        Write("ask", "{{version}}");
                    }
                }
            }

            public sealed class Client : Midflight.Module
            {
                protected override void Run()
                {
                    for (long i = 0; ; i++)
                    {
                        Call("ask", i);
                    }
                }
            }
            """);
        return configuration;
    }
}
