using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime;
using MidflightApp.Modules;

namespace MidflightApp.Tests;

/// <summary>
/// The application on a node in this process, on a fake clock: time passes only when the test says,
/// and only once every module waits for it, so each run is the same and no test sleeps.
/// </summary>
public sealed class StatsTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly FakeTimeProvider _time = new();
    private readonly PrintedLines _printed = new();
    private Node _node = null!;

    public async Task InitializeAsync()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "app.mil");
        var parsed = ConfigurationParser.Parse(File.ReadAllText(file), file);
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Diagnostics));
        _node = await Node.StartAsync(parsed.Configuration!, new NodeOptions
        {
            Time = _time,
            Output = _printed,
            // The module projects are built already: their assemblies are beside the tests.
            ProjectBuilder = new PrebuiltAssemblies(AppContext.BaseDirectory),
            // On a fake clock, a deadline passes only when the test advances time that far.
            QuiesceTimeout = TimeSpan.FromHours(1),
        });
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Stats_sums_each_batch_of_readings()
    {
        await UntilAsync(() => _printed.Count >= 2);

        Assert.Equal($"batch 1: sum {Expected(0)}, total {Expected(0)}", _printed[0]);
        Assert.Equal($"batch 2: sum {Expected(1)}, total {Expected(0) + Expected(1)}", _printed[1]);
    }

    [Fact]
    public async Task Stats_replaced_in_the_middle_of_a_batch_goes_on_with_its_stack_and_total_and_loses_no_reading()
    {
        await UntilAsync(() => _printed.Count >= 1);
        // Two readings into the second batch: stats is three calls deep in Sum, at its point R.
        _time.Advance(Readings.Interval * 2);

        var replace = _node.ReconfigureAsync(Scripts.Replace(_node.Status, "stats"));
        await UntilAsync(() => replace.IsCompleted);
        var result = await replace;
        await UntilAsync(() => _printed.Count >= 3);

        Assert.True(result.MovedFrames["stats"] > 1, $"stats moved {result.MovedFrames["stats"]} frames: it was not inside its recursion");
        Assert.Equal($"batch 2: sum {Expected(1)}, total {Expected(0) + Expected(1)}", _printed[1]);
        Assert.Equal($"batch 3: sum {Expected(2)}, total {Expected(0) + Expected(1) + Expected(2)}", _printed[2]);
    }

    /// <summary>The sum of batch <paramref name="batch"/> (from 0): the readings it takes from the series.</summary>
    private static long Expected(int batch) =>
        Enumerable.Range(batch * Stats.BatchSize, Stats.BatchSize).Sum(Readings.Reading);

    /// <summary>Lets time pass, a reading's interval at a time, each step once the node is idle, until <paramref name="done"/> holds.</summary>
    private async Task UntilAsync(Func<bool> done)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (true)
        {
            await _node.WhenIdleAsync(bound.Token);
            if (done())
            {
                return;
            }
            _time.Advance(Readings.Interval);
        }
    }

    /// <summary>What the modules print, in order.</summary>
    private sealed class PrintedLines : IModuleOutput
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public int Count => _lines.Count;

        public string this[int index] => _lines.ElementAt(index);

        public void Print(string instance, string text) => _lines.Enqueue(text);
    }
}
