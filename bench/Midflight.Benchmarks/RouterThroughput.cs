using System.Diagnostics;
using System.Threading.Channels;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.Runtime.Procedures;

namespace Midflight.Benchmarks;

/// <summary>
/// PODUS's timing analysis on the Router example: the sink's throughput while the routers' routing
/// procedure is updated again and again, against the same run without updates, in alternating
/// windows of one run. A window is the time the sink takes to receive <c>--reports</c> × 100,000
/// packets, read from its own reports, so the counts are exact. In an update window, the edge and the
/// core router take turns, one procedure update every <c>--every</c> milliseconds: each compiles in
/// process and switches. Both routers first switch to the binary search of
/// updates/Router.Routing.cs, and the updates then alternate it with a variant that computes the
/// middle another way, so that every window runs code of the same cost.
/// Target: at least 95% of the throughput without updates (the PODUS router kept 90%).
/// </summary>
internal static class RouterThroughput
{
    public const string Command = "router";

    public static async Task<int> RunAsync(string[] args)
    {
        var switches = Switches.Parse(args, "--pairs", "--reports", "--every");
        var pairs = switches.Count("--pairs", 5);
        var reports = switches.Count("--reports", 5);
        var every = TimeSpan.FromMilliseconds(switches.Count("--every", 500));
        var folder = Path.Combine(RepositoryRoot(), "examples", "Router");
        var sink = new SinkReports();
        var parsed = ConfigurationParser.Parse(File.ReadAllText(Path.Combine(folder, "router.mil")), Path.Combine(folder, "router.mil"));
        await using var node = await Node.StartAsync(parsed.Configuration!, new NodeOptions { BaseDirectory = folder, Output = sink });
        var search = Path.Combine(folder, "updates", "Router.Routing.cs");
        var variant = Path.Combine(Directory.CreateTempSubdirectory("midflight-router-").FullName, "Router.Routing.cs");
        await File.WriteAllTextAsync(variant, (await File.ReadAllTextAsync(search)).Replace("(low + high) >>> 1", "low + ((high - low) >> 1)", StringComparison.Ordinal));
        var versions = new[] { variant, search };
        await sink.WindowAsync(2); // warm: the JIT, the compiler's background warm-up
        await UpdateAsync(node, "edge", search);
        await UpdateAsync(node, "core", search);

        var quiet = new List<double>();
        var updating = new List<double>();
        var updates = new List<TimeSpan>();
        var turns = 0;
        for (var pair = 0; pair < pairs; pair++)
        {
            quiet.Add(await sink.WindowAsync(reports));
            using var stop = new CancellationTokenSource();
            var updater = UpdateRepeatedlyAsync(node, versions, every, turns, updates, stop.Token);
            updating.Add(await sink.WindowAsync(reports));
            await stop.CancelAsync();
            turns = await updater;
            Console.WriteLine($"pair {pair + 1}: {quiet[^1]:N0} packets/s without updates, {updating[^1]:N0} with");
        }
        var (withoutMedian, withMedian) = (Median(quiet), Median(updating));
        Console.WriteLine($"throughput without updates (median of {pairs}): {withoutMedian:N0} packets/s");
        Console.WriteLine($"throughput during procedure updates, one every {every.TotalMilliseconds} ms (median of {pairs}): {withMedian:N0} packets/s");
        Console.WriteLine($"ratio: {withMedian / withoutMedian:F3}");
        Console.WriteLine($"updates: {updates.Count}, command to switch median {Median(updates.Select(u => u.TotalMilliseconds).ToList()):F0} ms");
        return 0;
    }

    /// <summary>Updates from turn <paramref name="turn"/> on until stopped; returns the next turn. Turn i updates router i mod 2 to version i/2 mod 2.</summary>
    private static async Task<int> UpdateRepeatedlyAsync(Node node, string[] versions, TimeSpan every, int turn, List<TimeSpan> updates, CancellationToken stop)
    {
        for (; !stop.IsCancellationRequested; turn++)
        {
            var next = Task.Delay(every, CancellationToken.None);
            updates.Add(await UpdateAsync(node, turn % 2 == 0 ? "edge" : "core", versions[turn / 2 % 2]));
            await next;
        }
        return turn;
    }

    private static async Task<TimeSpan> UpdateAsync(Node node, string router, string source)
    {
        var result = await node.UpdateProceduresAsync(router, new ProcedureUpdateOptions { Procedures = ["NextHop"], Source = source });
        return result.Total;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Midflight.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("run the router benchmark from the repository: it runs examples/Router");
    }

    /// <summary>The sink's reports, each stamped as it arrives; a window waits for a number of them.</summary>
    private sealed class SinkReports : IModuleOutput
    {
        private readonly Channel<long> _stamps = Channel.CreateUnbounded<long>();

        public void Print(string instance, string text)
        {
            if (instance == "sink")
            {
                _stamps.Writer.TryWrite(Stopwatch.GetTimestamp());
            }
        }

        /// <summary>Packets per second over the next <paramref name="reports"/> reports.</summary>
        public async Task<double> WindowAsync(int reports)
        {
            var first = await _stamps.Reader.ReadAsync();
            var last = first;
            for (var i = 0; i < reports; i++)
            {
                last = await _stamps.Reader.ReadAsync();
            }
            return reports * 100_000.0 / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        }
    }
}
