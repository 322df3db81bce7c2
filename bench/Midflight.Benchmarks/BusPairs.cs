using System.Diagnostics;
using System.Globalization;

namespace Midflight.Benchmarks;

/// <summary>
/// The bus against a raw channel to within a few percent on a noisy machine: a burst of
/// <see cref="BusThroughput.Messages"/> one-integer messages through each in turn, many times over in
/// one process, and the ratio of their rates taken burst pair by burst pair (see
/// <see cref="Participation.ParticipationPairs"/> for why pairs). Issue 18's target: at least 0.8.
/// </summary>
internal static class BusPairs
{
    public const string Command = "bus";

    // dotnet run -c Release --project bench/Midflight.Benchmarks -- bus [--pairs N]
    public static async Task<int> RunAsync(string[] args)
    {
        var pairs = Switches.Parse(args, "--pairs").Count("--pairs", 30);
        using var bench = new BusThroughput();
        bench.StartNode();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await bench.Channel();
                await bench.Bus();
            }
            var (channelTimes, busTimes, rates) = (new List<double>(), new List<double>(), new List<double>());
            for (var i = 0; i < pairs; i++)
            {
                // Which goes first alternates, so neither always runs on the heap the other left.
                var (channel, bus) = i % 2 == 0
                    ? (await TimeAsync(bench.Channel), await TimeAsync(bench.Bus))
                    : Swap(await TimeAsync(bench.Bus), await TimeAsync(bench.Channel));
                channelTimes.Add(channel);
                busTimes.Add(bus);
                rates.Add(channel / bus);
            }
            Console.WriteLine($"| unbounded channel, median | bus, median | bus rate / channel rate, median of {pairs} pairs (p25–p75) |");
            Console.WriteLine("|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Quantile.Of(channelTimes, 0.5):0.0} ns | {Quantile.Of(busTimes, 0.5):0.0} ns | {Quantile.Of(rates, 0.5):0.00} ({Quantile.Of(rates, 0.25):0.00}–{Quantile.Of(rates, 0.75):0.00}) |"));
        }
        finally
        {
            bench.StopNode();
        }
        return 0;

        static (double, double) Swap(double bus, double channel) => (channel, bus);
    }

    /// <returns>Nanoseconds per message.</returns>
    private static async Task<double> TimeAsync(Func<Task> burst)
    {
        var started = Stopwatch.GetTimestamp();
        await burst();
        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / BusThroughput.Messages;
    }
}
