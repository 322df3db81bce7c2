using Midflight.Runtime.Procedures;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>A procedure update switches one procedure of a running instance, which goes on with its state and never stops.</summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class ProcedureUpdateTests
{
    internal const string Ledger = """
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

    [Fact]
    public async Task A_changed_procedure_switches_and_the_instance_goes_on_with_its_state()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerSimple", "Ledgers.Ledger", Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 5);

        var source = ProcedureNodes.NewSource("simple", Ledger.Replace("$\"v1 {value}", "$\"v2 {value}", StringComparison.Ordinal));
        var result = await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = source });

        Assert.True(result.Switched);
        Assert.Equal(["Describe(int)"], result.Steps.Single().Procedures);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 10);
        var printed = recorder.Printed("subject");
        var firstNew = printed.ToList().FindIndex(p => p.StartsWith("v2", StringComparison.Ordinal));
        Assert.True(firstNew > 0, string.Join("\n", printed));
        Assert.All(printed.Take(firstNew), p => Assert.StartsWith("v1", p, StringComparison.Ordinal));
        Assert.All(printed.Skip(firstNew), p => Assert.StartsWith("v2", p, StringComparison.Ordinal));
        // Every value once, the total carried through the switch.
        Assert.Equal(printed.Select((_, i) => $"{i} total {Enumerable.Range(0, i + 1).Sum()}"), printed.Select(p => p[3..]));
        Assert.Equal(1, node.Status["subject"].Activity.Status is ModuleStatus.Waiting or ModuleStatus.Running ? 1 : 0);
    }

    [Fact]
    public async Task A_plan_of_procedure_updates_switches_them_in_turn_as_a_script_plans_them()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerPlanned", "Ledgers.Ledger", Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 2);
        var source = ProcedureNodes.NewSource("planned", Ledger.Replace("$\"v1 {value}", "$\"v2 {value}", StringComparison.Ordinal));

        var result = await node.ReconfigureAsync(Reconfiguration.Of(new UpdateProcedures("subject", ["Describe"], source)) with { Title = "script routing.csx" });
        await ProcedureNodes.PrintedAsync(node, time, recorder, 4);

        Assert.Equal((1, TimeSpan.Zero), (result.Steps, result.Paused));
        Assert.Equal(1, node.Status["subject"].Procedures["Describe(int)"]);
        Assert.StartsWith("v2", recorder.Printed("subject")[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_that_does_not_type_check_is_refused_with_the_compiler_message_on_its_line_and_nothing_switches()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerBroken", "Ledgers.Ledger", Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 3);

        var broken = Ledger.Replace("$\"v1 {value} total {total}\"", "$\"v2 {value} total {totl}\"", StringComparison.Ordinal);
        var source = ProcedureNodes.NewSource("broken", broken);
        var line = broken.Split('\n').ToList().FindIndex(l => l.Contains("totl", StringComparison.Ordinal)) + 1;

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = source }));

        Assert.Contains($"{source}:{line}:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("error CS0103: The name 'totl' does not exist in the current context", refused.Message, StringComparison.Ordinal);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 6);
        Assert.All(recorder.Printed("subject"), p => Assert.StartsWith("v1", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_procedure_that_needs_a_static_field_the_running_instance_lacks_is_refused_on_the_line_that_uses_it()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerStatic", "Ledgers.Ledger", Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 2);

        var widened = Ledger
            .Replace("private long total;", "private long total;\n    private static int calls;", StringComparison.Ordinal)
            .Replace("$\"v1 {value} total {total}\"", "$\"v2 {value} total {total} call {++calls}\"", StringComparison.Ordinal);
        var source = ProcedureNodes.NewSource("static", widened);
        var line = widened.Split('\n').ToList().FindIndex(l => l.Contains("++calls", StringComparison.Ordinal)) + 1;

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = source }));

        Assert.Contains($"{source}:{line}:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("uses field 'calls' (int), which the running instance does not have: a procedure update adds instance fields only", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The Ledger whose Describe counts its calls in a field the running version does not have.</summary>
    private static string Counting(string version) => Ledger
        .Replace("private long total;", "private long total;\n    private int calls = 100;", StringComparison.Ordinal)
        .Replace("$\"v1 {value} total {total}\"", $"$\"{version} {{value}} total {{total}} call {{++calls}}\"", StringComparison.Ordinal);

    [Fact]
    public async Task A_field_a_procedure_update_adds_starts_at_its_initializer_and_keeps_its_value_through_later_updates()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerAdded", "Ledgers.Ledger", Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 2);

        await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = ProcedureNodes.NewSource("added-2", Counting("v2")) });
        await ProcedureNodes.PrintedAsync(node, time, recorder, 5);
        await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = ProcedureNodes.NewSource("added-3", Counting("v3")) });
        await ProcedureNodes.PrintedAsync(node, time, recorder, 8);
        // A module update to a version that declares the field takes its value with the rest of the state.
        await Drive.CompleteAsync(node, time, node.UpdateAsync("subject", ProcedureNodes.Build("LedgerAddedModule", "Ledgers.Ledger", Counting("v4"))), ProcedureNodes.Step);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 11);

        var printed = recorder.Printed("subject");
        var counted = printed.SkipWhile(p => p.StartsWith("v1", StringComparison.Ordinal)).ToList();
        Assert.Equal(["v2", "v3", "v4"], counted.Select(p => p[..2]).Distinct());
        Assert.Equal(Enumerable.Range(101, counted.Count).Select(c => $"call {c}"), counted.Select(p => p[p.IndexOf("call", StringComparison.Ordinal)..]));
    }

    [Fact]
    public async Task A_procedure_on_the_reconfiguration_graph_is_refused_with_the_module_update_as_the_way()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerRun", "Ledgers.Ledger", Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 2);
        var source = ProcedureNodes.NewSource("run", Ledger.Replace("Print(Apply(value));", "Print(\"run v2\");", StringComparison.Ordinal));

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Run"], Source = source }));

        Assert.Contains("'Run()' is not a procedure of the running version's binding table", refused.Message, StringComparison.Ordinal);
        Assert.Contains("module update (--with)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_update_to_a_version_without_a_field_a_procedure_update_added_is_refused_naming_it()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerAddedGone", "Ledgers.Ledger", Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 2);
        await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = ProcedureNodes.NewSource("added-gone", Counting("v2")) });
        await ProcedureNodes.PrintedAsync(node, time, recorder, 4);

        // The original Ledger has no 'calls': the count would be dropped.
        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() =>
            Drive.CompleteAsync(node, time, node.UpdateAsync("subject", ProcedureNodes.Build("LedgerAddedGoneModule", "Ledgers.Ledger", Ledger)), ProcedureNodes.Step));

        Assert.Contains("field 'calls' (System.Int32) is gone from the new version, and no [StateMapper(\"calls\")] converts it", refused.Message, StringComparison.Ordinal);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 6);
        Assert.StartsWith("v2", recorder.Printed("subject")[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_superseded_procedure_version_is_unloaded_and_its_code_collected()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerCollected", "Ledgers.Ledger", Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 2);
        var second = ProcedureNodes.NewSource("collected-2", Ledger.Replace("$\"v1 {value}", "$\"v2 {value}", StringComparison.Ordinal));
        var third = ProcedureNodes.NewSource("collected-3", Ledger.Replace("$\"v1 {value}", "$\"v3 {value}", StringComparison.Ordinal));

        var toSecond = await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = second });
        var secondCode = node.ProcedureCodeOf("subject", toSecond.Version);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 4);
        // While its slot binds it, the version stays.
        Collected.Collect(secondCode);
        Assert.True(secondCode.IsAlive, "a procedure version was collected while its slot bound it");

        await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = third });
        await ProcedureNodes.PrintedAsync(node, time, recorder, 6);
        Collected.Collect(secondCode);

        Assert.False(secondCode.IsAlive, "the superseded procedure version's load context was not collected");
        Assert.StartsWith("v3", recorder.Printed("subject")[^1], StringComparison.Ordinal);
    }
}
