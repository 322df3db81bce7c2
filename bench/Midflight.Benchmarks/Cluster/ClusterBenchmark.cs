using System.Security.Cryptography;
using Midflight.Cluster;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Benchmarks.Cluster;

/// <summary>
/// <c>cluster [--messages N] [--moves K]</c>: two processes on 127.0.0.1, this one and a child, each a node
/// of one cluster (BenchmarkDotNet cannot span processes). Measures, in one run, the rate of one binding
/// across the nodes against raw Akka.Remote between the same processes, and the pause of moving a
/// prepared module with 1 MB of state and 100 frames from node to node against raw Akka.Remote carrying
/// 1 MB across; each measurement alternating with its baseline.
/// </summary>
internal static class ClusterBenchmark
{
    public const string Command = "cluster";
    private const int Runs = 5;

    // Run and not counted: in trial runs the first bursts and moves were slower than the rest, and
    // one of each was not enough to leave that behind.
    private const int WarmUpRuns = 3;
    private const int WarmUpMoves = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var switches = Switches.Parse(args, "--messages", "--moves");
        var messages = switches.Count("--messages", 200_000);
        var moves = switches.Count("--moves", 20);
        var folder = Directory.CreateTempSubdirectory("midflight-cluster-bench-").FullName;
        try
        {
            var figures = await MeasureAsync(folder, messages, moves);
            figures.Print(Console.Out);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<ClusterFigures> MeasureAsync(string folder, int messages, int moves)
    {
        var configuration = ClusterWorkload.Build(Directory.CreateDirectory(Path.Combine(folder, "modules")).FullName, messages);
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        using var loggers = BenchLogging.Create();
        var cluster = await ClusterNode.JoinAsync(new ClusterOptions { NodeName = ClusterWorkload.Parent, Secret = secret, ImageFolder = Path.Combine(folder, "parent") }, loggers);
        ChildProcess? child = null;
        try
        {
            child = await ChildProcess.StartAsync(cluster.Address, Path.Combine(folder, "child"), secret);
            await using var raw = await RawRemote.ConnectAsync(child.RawPort);
            var throughput = new MidflightThroughput(messages);
            await using var node = await Node.StartAsync(configuration, cluster.Configure(throughput.Options(loggers)));
            // The baseline sends what the binding sends: the frame of one integer to the reader.
            Message largest = messages - 1;
            var frame = Wire.Deliver(new Endpoint(ClusterWorkload.Reader, "in"), largest, null);

            // As large as the holder's state: a move carries it across once, from the coordinator or to it.
            var shipment = new byte[ClusterWorkload.HolderStateBytes];

            Console.WriteLine($"warming up: {WarmUpRuns} runs of {messages:N0} messages each way, then {WarmUpMoves} moves");
            for (var run = 0; run < WarmUpRuns; run++)
            {
                await raw.SendAsync(frame, messages);
                await throughput.BurstAsync(node);
            }
            for (var move = 0; move < WarmUpMoves; move++)
            {
                await MovePause.MoveAsync(node);
                await raw.CarryAsync(shipment);
            }
            List<TimeSpan> rawRuns = [], midflightRuns = [];
            for (var run = 0; run < Runs; run++)
            {
                rawRuns.Add(await raw.SendAsync(frame, messages));
                midflightRuns.Add(await throughput.BurstAsync(node));
                Console.WriteLine($"run {run + 1} of {Runs}: raw {rawRuns[^1].TotalMilliseconds:0} ms, Midflight {midflightRuns[^1].TotalMilliseconds:0} ms");
            }
            List<ReconfigurationResult> moved = [];
            List<TimeSpan> carries = [];
            for (var move = 0; move < moves; move++)
            {
                moved.Add(await MovePause.MoveAsync(node));
                carries.Add(await raw.CarryAsync(shipment));
            }
            Console.WriteLine($"moved {ClusterWorkload.Holder} {moves} times");
            return new ClusterFigures(messages, frame.Length, rawRuns, midflightRuns, moved, carries);
        }
        finally
        {
            // The node and the cluster leave first, while the child is there to see them go.
            try
            {
                await cluster.DisposeAsync();
            }
            finally
            {
                child?.Dispose();
            }
        }
    }
}
