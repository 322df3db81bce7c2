using Microsoft.Extensions.Time.Testing;
using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>
/// A module whose state is an array of numbers. A replace hands the array itself to the new instance
/// (nothing is copied within the process); an update copies it, because the snapshot taken at the
/// switch must stay as it was for a backout while the new version changes its own array.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class NumberStateTests
{
    private const string Tally = """
        namespace Tallies;

        /// <summary>Adds each value it reads to one of four sums, by the value's remainder, and prints the sums.</summary>
        public sealed class Tally : Midflight.Module
        {
            private long[] sums = new long[4];

            protected override void Run()
            {
                while (true)
                {
                    int value;
                R:
                    value = Read<int>("in");
                    sums[value % 4] += value;
                    // CHECK
                    Print(string.Join(",", sums));
                }
            }
        }
        """;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private static string Specification(string version) => $$"""
        module tally { source = "versions/{{version}}.dll#Tallies.Tally" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: }
        module app { instance tally }
        """;

    private static ModuleSource Version(string name, string check = "") =>
        ModuleVersions.Build(name, Specification(name), ("Tally.cs", Tally.Replace("// CHECK", check, StringComparison.Ordinal)));

    private static async Task<(Node Node, FakeTimeProvider Time, Recorder Recorder)> StartAsync()
    {
        var running = Version("Tally");
        var configuration = $$"""
            module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
            module tally { source = "{{running}}" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: }
            module app { instance counter instance tally bind "counter out" "tally in" }
            """;
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        return (await TestNodes.StartAsync(configuration, time, recorder), time, recorder);
    }

    /// <summary>What the tally prints after reading 0, 1, …, <paramref name="count"/> - 1, each once.</summary>
    private static string Expected(int count) =>
        string.Join(",", Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, count).Where(v => v % 4 == r).Sum(v => (long)v)));

    private static async Task<int> ReadAsync(Node node, FakeTimeProvider time, Recorder recorder, int count)
    {
        await Drive.UntilAsync(node, time, () => recorder.Printed("tally").Count >= count, Step);
        return recorder.Printed("tally").Count;
    }

    [Fact]
    public async Task Replaced_again_and_again_the_tally_counts_every_value_once()
    {
        var (node, time, recorder) = await StartAsync();
        await using var _ = node;

        for (var i = 1; i <= 5; i++)
        {
            await ReadAsync(node, time, recorder, i * 10);
            await Drive.CompleteAsync(node, time, node.ReplaceAsync("tally"), Step);
        }
        var printed = await ReadAsync(node, time, recorder, 60);

        Assert.Equal(Enumerable.Range(1, printed).Select(Expected), recorder.Printed("tally"));
    }

    [Fact]
    public async Task A_backout_reinstates_the_array_as_it_was_at_the_switch_though_the_new_version_changed_its_own()
    {
        var (node, time, recorder) = await StartAsync();
        await using var _ = node;
        await ReadAsync(node, time, recorder, 10);
        // As the running version, until it has added 25 to its sums, which it does and then fails.
        var failing = Version("TallyFailsAt25", "if (value == 25) throw new InvalidOperationException(\"the tally lost count\");");

        await Drive.CompleteAsync(node, time, node.UpdateAsync("tally", failing), Step);
        await ReadAsync(node, time, recorder, 50);

        Assert.Equal("versions/Tally.dll", node.Status["tally"].Spec.Source.Path);
        // The old version took the sums back as they were at the switch, and what the failed version
        // had read since was given to it again: it printed those sums a second time, and counted every
        // value once.
        var printed = recorder.Printed("tally");
        Assert.True(printed.Distinct().Count() < printed.Count, "the old version resumed from the switch");
        var last = recorder.ReadOn("tally", "in").Max(m => m[0].AsInteger());
        Assert.Equal(Expected((int)last + 1), printed[^1]);
    }
}
