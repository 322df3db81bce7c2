using System.Globalization;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Benchmarks;

/// <summary>
/// The pause alone of a replace — from the moment the last instance held stops to the end of the
/// commit, as <see cref="ReconfigurationResult.Paused"/> measures it — over many replaces, for its
/// median and 99th percentile: <see cref="ReplacePause"/>'s module (an <c>int[]</c> of state at the
/// bottom of a recursion), where BenchmarkDotNet times the whole replace and gives no percentiles.
/// </summary>
internal static class PauseDistribution
{
    public const string Command = "pause";

    // dotnet run -c Release --project bench/Midflight.Benchmarks -- pause [--replaces K]
    public static async Task<int> RunAsync(string[] args)
    {
        var replaces = Switches.Parse(args, "--replaces").Count("--replaces", 500);
        Console.WriteLine($"{replaces} replaces per case, after 20 not counted");
        Console.WriteLine();
        Console.WriteLine("| frames | state | pause median | p99 | max | whole replace median |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var (frames, bytes) in new[] { (2, 0), (100, 0), (2, 1 << 20), (100, 1 << 20) })
        {
            var (pauses, wholes) = await MeasureAsync(frames, bytes, replaces);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {frames} | {(bytes == 0 ? "none" : $"{bytes >> 20} MB")} | {Quantile.Of(pauses, 0.5):0.###} ms | {Quantile.Of(pauses, 0.99):0.###} ms | {pauses.Max():0.###} ms | {Quantile.Of(wholes, 0.5):0.###} ms |"));
        }
        return 0;
    }

    private static async Task<(List<double> Pauses, List<double> Wholes)> MeasureAsync(int frames, int stateBytes, int replaces)
    {
        var configuration = PreparedModules.HolderApplication(frames, stateBytes);
        await using var node = await Node.StartAsync(configuration, new NodeOptions());
        await node.WhenIdleAsync();
        var pauses = new List<double>();
        var wholes = new List<double>();
        for (var i = -20; i < replaces; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await node.ReplaceAsync("holder");
            await node.WhenIdleAsync();
            if (i >= 0)
            {
                pauses.Add(result.Paused.TotalMilliseconds);
                wholes.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        return (pauses, wholes);
    }
}
