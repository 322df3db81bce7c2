using Microsoft.Extensions.Time.Testing;
using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Backout for a module without reconfiguration points, which hands its state over by
/// <c>Divulge</c>/<c>Install</c>: the old version installs again what it divulged at the switch, and
/// is given back what the failed version read since.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class ManualBackoutTests
{
    private const string Summer = """
        namespace Sums;

        /// <summary>Adds up the values it reads, and prints how many and their total after each.</summary>
        public sealed class Summer : Midflight.Module
        {
            private long total;
            private int count;

            protected override void Run()
            {
                while (true)
                {
                    var value = Read<int>("in");
                    total += value;
                    count++;
                    // CHECK
                    Print($"{count}: {total}");
                }
            }

            protected override void Divulge(Midflight.DivulgedState state)
            {
                state.Set("total", total);
                state.Set("count", count);
            }

            protected override void Install(Midflight.DivulgedState state)
            {
                total = state.Get<long>("total");
                count = state.Get<int>("count");
            }
        }
        """;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private static ModuleSource Version(string name, string check = "") =>
        ModuleVersions.Build(name, $$"""
            module summer { source = "versions/{{name}}.dll#Sums.Summer" :: use interface in pattern = {integer} }
            module app { instance summer }
            """, ("Summer.cs", Summer.Replace("// CHECK", check, StringComparison.Ordinal)));

    [Fact]
    public async Task A_version_that_fails_in_its_health_window_is_backed_out_to_the_state_it_divulged_with_what_it_read_replayed()
    {
        var running = Version("Summer");
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync($$"""
            module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
            module summer { source = "{{running}}" :: use interface in pattern = {integer} }
            module app { instance counter instance summer bind "counter out" "summer in" }
            """, time, recorder);
        await Drive.UntilAsync(node, time, () => recorder.Printed("summer").Count >= 10, Step);

        await Drive.CompleteAsync(node, time, node.UpdateAsync("summer", Version("SummerFailsAt25", "if (value == 25) throw new InvalidOperationException(\"the sum went wrong\");")), Step);
        await Drive.UntilAsync(node, time, () => recorder.Printed("summer").Count >= 40, Step);

        Assert.Equal("versions/Summer.dll", node.Status["summer"].Spec.Source.Path);
        // Every value the counter wrote was added once, across the switch, the failure and the backout.
        var last = recorder.ReadOn("summer", "in").Max(m => m[0].AsInteger());
        Assert.Equal($"{last + 1}: {(last * (last + 1)) / 2}", recorder.Printed("summer")[^1]);
    }
}
