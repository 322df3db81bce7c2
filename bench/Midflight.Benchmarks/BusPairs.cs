using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Benchmarks;

/// <summary>
/// The bus against a raw channel to within a few percent on a noisy machine: a burst of
/// <see cref="BusThroughput.Messages"/> one-integer messages through each in turn, many times over in
/// one process, and the ratio of their rates taken burst pair by burst pair (see
/// <see cref="Participation.ParticipationPairs"/> for why pairs). Issue 18's target: at least 0.8.
/// Then the latency a stream's throughput must not cost: <see cref="RoundTrips"/> requests, each
/// answered before the next is asked, between a client and a server module.
/// </summary>
internal static class BusPairs
{
    public const string Command = "bus";

    public const int RoundTrips = 100_000;

    // dotnet run -c Release --project bench/Midflight.Benchmarks -- bus [--pairs N]
    public static async Task<int> RunAsync(string[] args)
    {
        var pairs = Switches.Parse(args, "--pairs").Count("--pairs", 30);
        await ThroughputAsync(pairs);
        await RoundTripAsync(pairs);
        return 0;
    }

    private static async Task ThroughputAsync(int pairs)
    {
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

        static (double, double) Swap(double bus, double channel) => (channel, bus);

        static async Task<double> TimeAsync(Func<Task> burst)
        {
            var started = Stopwatch.GetTimestamp();
            await burst();
            return Stopwatch.GetElapsedTime(started).TotalNanoseconds / BusThroughput.Messages;
        }
    }

    private static async Task RoundTripAsync(int rounds)
    {
        var time = new FakeTimeProvider();
        var output = new Burst();
        var assembly = typeof(Asker).Assembly.Location;
        var configuration = ConfigurationParser.Parse($$"""
            module asker { source = "{{assembly}}#{{typeof(Asker).FullName}}" :: client interface ask pattern = {integer} accepts {integer} }
            module answerer { source = "{{assembly}}#{{typeof(Answerer).FullName}}" :: server interface answer pattern = {integer} returns {integer} }
            module bench { instance asker instance answerer bind "asker ask" "answerer answer" }
            """, "round-trip.mil").Configuration!;
        await using var node = await Node.StartAsync(configuration, new NodeOptions { Time = time, Output = output });
        var times = new List<double>();
        for (var i = 0; i < rounds + 3; i++)
        {
            await node.WhenIdleAsync(); // the asker back in its delay before the clock moves
            output.Next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = Stopwatch.GetTimestamp();
            time.Advance(TimeSpan.FromSeconds(1));
            await output.Next.Task;
            if (i >= 3)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalNanoseconds / RoundTrips);
            }
        }
        Console.WriteLine();
        Console.WriteLine($"| request and reply, client to server and back: median of {rounds} runs of {RoundTrips:N0} (p25–p75) |");
        Console.WriteLine("|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Quantile.Of(times, 0.5):0} ns ({Quantile.Of(times, 0.25):0}–{Quantile.Of(times, 0.75):0}) |"));
    }

    private sealed class Burst : IModuleOutput
    {
        public TaskCompletionSource Next { get; set; } = new();

        public void Print(string instance, string text) => Next.TrySetResult();
    }
}
