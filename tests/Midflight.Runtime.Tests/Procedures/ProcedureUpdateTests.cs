using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime.Procedures;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>
/// Procedure-level updates on one instance, fed a value a second by a counter: the new procedures
/// compile against the running version, switch as PODUS's rules say, and the instance never stops.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class ProcedureUpdateTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private const string Ledger = """
        namespace Ledgers;

        [Midflight.ProcedureUpdates]
        public sealed class Ledger : Midflight.Module
        {
            private long total;

            protected override void Run()
            {
                while (true)
                {
                    int value;
                R:
                    value = Read<int>("in");
                    Print(Apply(value));
                }
            }

            private string Apply(int value)
            {
                total += value;
                return Describe(value);
            }

            private string Describe(int value) => $"v1 {value} total {total}";
        }
        """;

    private static async Task<(Node Node, FakeTimeProvider Time, Recorder Recorder)> StartAsync(string name, string source)
    {
        var running = ModuleVersions.Build(name, Specification(name), ("Ledger.cs", source));
        var configuration = $$"""
            module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
            module ledger { source = "{{running}}" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: }
            module app { instance counter instance ledger bind "counter out" "ledger in" }
            """;
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        return (await TestNodes.StartAsync(configuration, time, recorder), time, recorder);
    }

    private static string Specification(string name) =>
        $$"""module ledger { source = "versions/{{name}}.dll#Ledgers.Ledger" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: } module app { instance ledger }""";

    /// <summary>The new source, written where the update reads it.</summary>
    private static string NewSource(string name, string text)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "procedure-updates", name)).FullName;
        var path = Path.Combine(folder, "Ledger.cs");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_changed_procedure_switches_and_the_instance_goes_on_with_its_state()
    {
        var (node, time, recorder) = await StartAsync("LedgerSimple", Ledger);
        await using var _ = node;
        await Drive.UntilAsync(node, time, () => recorder.Printed("ledger").Count >= 5, Step);

        var source = NewSource("simple", Ledger.Replace("$\"v1 {value}", "$\"v2 {value}", StringComparison.Ordinal));
        var result = await node.UpdateProceduresAsync("ledger", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = source });

        Assert.True(result.Switched);
        Assert.Equal(["Describe(int)"], result.Steps.Single().Procedures);
        await Drive.UntilAsync(node, time, () => recorder.Printed("ledger").Count >= 10, Step);
        var printed = recorder.Printed("ledger");
        var firstNew = printed.ToList().FindIndex(p => p.StartsWith("v2", StringComparison.Ordinal));
        Assert.True(firstNew > 0, string.Join("\n", printed));
        Assert.All(printed.Take(firstNew), p => Assert.StartsWith("v1", p, StringComparison.Ordinal));
        Assert.All(printed.Skip(firstNew), p => Assert.StartsWith("v2", p, StringComparison.Ordinal));
        // Every value once, the total carried through the switch.
        Assert.Equal(printed.Select((_, i) => $"{i} total {Enumerable.Range(0, i + 1).Sum()}"), printed.Select(p => p[3..]));
    }
}
