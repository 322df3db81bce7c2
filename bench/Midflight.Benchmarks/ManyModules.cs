using System.Diagnostics;
using System.Globalization;
using System.Text;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Benchmarks;

/// <summary>
/// A node of N async modules idle in a read (Segal and Frieder ask for hundreds of thousands): how
/// long they take to start, the memory each costs beyond its own fields, and the time of a replace
/// of one among them, beside the same among 3.
/// </summary>
internal static class ManyModules
{
    public const string Command = "many";

    // dotnet run -c Release --project bench/Midflight.Benchmarks -- many [--modules N] [--replaces K]
    public static async Task<int> RunAsync(string[] args)
    {
        var switches = Switches.Parse(args, "--modules", "--replaces");
        var modules = switches.Count("--modules", 100_000);
        var replaces = switches.Count("--replaces", 50);
        Console.WriteLine("| modules | start | memory per module | replace of one, median (p99) |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var count in new[] { 3, modules })
        {
            await MeasureAsync(count, replaces);
        }
        return 0;
    }

    private static async Task MeasureAsync(int count, int replaces)
    {
        var text = new StringBuilder($$"""
            module idler { source = "{{typeof(Idler).Assembly.Location}}#{{typeof(Idler).FullName}}" :: use interface in pattern = {integer} }
            module app {

            """);
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  instance i{i} : idler\n");
        }
        var configuration = ConfigurationParser.Parse(text.Append('}').ToString(), "many.mil").Configuration!;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        await using var node = await Node.StartAsync(configuration, new NodeOptions());
        await node.WhenIdleAsync();
        var start = Stopwatch.GetElapsedTime(started);
        var perModule = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)count;
        var times = new List<double>();
        for (var i = -5; i < replaces; i++)
        {
            var replace = Stopwatch.GetTimestamp();
            await node.ReplaceAsync($"i{count / 2}");
            if (i >= 0)
            {
                times.Add(Stopwatch.GetElapsedTime(replace).TotalMilliseconds);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {count:N0} | {start.TotalSeconds:0.###} s | {perModule / 1024:0.##} KB | {Quantile.Of(times, 0.5):0.###} ms ({Quantile.Of(times, 0.99):0.###} ms) |"));
    }
}
