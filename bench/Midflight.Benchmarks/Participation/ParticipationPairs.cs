using System.Diagnostics;
using System.Globalization;

namespace Midflight.Benchmarks.Participation;

/// <summary>
/// The cost of participation to within a percent on a noisy machine: each workload run as written
/// and prepared in turn, many times over in one process, and the ratio taken pair by pair. A load
/// that comes and goes on a shared machine slows both runs of a pair alike, where BenchmarkDotNet's
/// runs of the two, minutes apart, see different loads; the median of the pairs' ratios is the cost.
/// </summary>
internal static class ParticipationPairs
{
    public const string Command = "participation";

    private static readonly string[] Names = ["MergeSort", "BatchLoop", "Fibonacci"];

    // dotnet run -c Release --project bench/Midflight.Benchmarks -- participation [--pairs N]
    public static Task<int> RunAsync(string[] args)
    {
        var pairs = Switches.Parse(args, "--pairs").Count("--pairs", 400);
        Console.WriteLine($"| workload | unprepared, median | prepared, median | prepared / unprepared, median of {pairs} pairs (p25–p75) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var name in Names)
        {
            Measure(name, pairs);
        }
        return Task.FromResult(0);
    }

    private static void Measure(string name, int pairs)
    {
        var original = Workloads.Create(Workloads.Original, name);
        var prepared = Workloads.Create(Workloads.Prepared, name);
        // Warm-up: both reach the JIT's last tier, with its profile, before anything is counted.
        for (var i = 0; i < 200; i++)
        {
            Time(original);
            Time(prepared);
        }
        var (unpreparedTimes, preparedTimes, ratios) = (new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < pairs; i++)
        {
            // Which goes first alternates, so neither always runs on the cache the other left.
            var (a, b) = i % 2 == 0 ? (Time(original), Time(prepared)) : Swap(Time(prepared), Time(original));
            unpreparedTimes.Add(a);
            preparedTimes.Add(b);
            ratios.Add(b / a);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Quantile.Of(unpreparedTimes, 0.5):0.0} µs | {Quantile.Of(preparedTimes, 0.5):0.0} µs | {Quantile.Of(ratios, 0.5):0.000} ({Quantile.Of(ratios, 0.25):0.000}–{Quantile.Of(ratios, 0.75):0.000}) |"));

        static (double, double) Swap(double prepared, double original) => (original, prepared);
    }

    private static double Time(Midflight.Module module)
    {
        var started = Stopwatch.GetTimestamp();
        module.Run();
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }
}
