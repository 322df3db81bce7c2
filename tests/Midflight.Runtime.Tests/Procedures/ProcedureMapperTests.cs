using Midflight.Runtime.Procedures;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>
/// PODUS's mapper procedures: a procedure update that changes a field's type converts the running
/// value with the field's mapper, at the switch of every procedure that uses it — all at once, or
/// not at all.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class ProcedureMapperTests
{
    /// <summary>The Ledger keeping its total as a decimal, converted from the running long by a mapper.</summary>
    private static string Decimal(string version, string mapper = "total = old; Print($\"mapped {old}\");") => ProcedureUpdateTests.Ledger
        .Replace("private long total;", $"private decimal total;\n    [Midflight.StateMapper(\"total\")] private void ToDecimal(long old) {{ {mapper} }}", StringComparison.Ordinal)
        .Replace("$\"v1 {value} total {total}\"", $"$\"{version} {{value}} total {{total:F1}}\"", StringComparison.Ordinal);

    private static readonly string[] Versions = ["v1", "v2", "v3", "v4"];

    [Fact]
    public async Task A_field_whose_type_changes_is_converted_by_its_mapper_when_its_users_switch_and_a_module_update_carries_it()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerMapped", "Ledgers.Ledger", ProcedureUpdateTests.Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 3);

        var result = await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = ProcedureNodes.NewSource("mapped", Decimal("v2")) });
        await ProcedureNodes.PrintedAsync(node, time, recorder, 6);
        // A second procedure update finds the field converted: its box, no mapper run again.
        await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = ProcedureNodes.NewSource("mapped-again", Decimal("v3")) });
        await ProcedureNodes.PrintedAsync(node, time, recorder, 9);
        await Drive.CompleteAsync(node, time, node.UpdateAsync("subject", ProcedureNodes.Build("LedgerMappedModule", "Ledgers.Ledger", Decimal("v4"))), ProcedureNodes.Step);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 12);

        // Apply and Describe both use the field: one step, after the mapper. Only Describe's source
        // changed; Apply is compiled again, as it reads the field in its new type.
        Assert.Equal(["Apply(int)", "Describe(int)"], result.Steps.Single().Procedures.Order(StringComparer.Ordinal));
        Assert.Contains("'Apply(int)' is compiled again: it uses field 'total', whose type the update changes", result.Warnings);
        // The mapper printed once, from inside the switch, without switching again.
        Assert.Single(recorder.Printed("subject"), p => p.StartsWith("mapped", StringComparison.Ordinal));
        var printed = recorder.Printed("subject").Where(p => !p.StartsWith("mapped", StringComparison.Ordinal)).ToList();
        Assert.Equal(printed.Select((_, i) => Enumerable.Range(0, i + 1).Sum()), printed.Select(p => (int)decimal.Parse(p[(p.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(printed, p => p.StartsWith("v2", StringComparison.Ordinal) && p.EndsWith(".0", StringComparison.Ordinal));
        Assert.True(printed.Select(p => p[..2]).Distinct().SequenceEqual(Versions), string.Join("\n", recorder.Printed("subject")));
    }

    [Fact]
    public async Task A_user_of_the_changed_field_that_is_not_a_procedure_refuses_the_update_naming_it()
    {
        // Run reads the total too, and Run is on the reconfiguration graph: it cannot switch.
        var reading = ProcedureUpdateTests.Ledger.Replace("Print(Apply(value));", "Print(Apply(value) + \" of \" + total);", StringComparison.Ordinal);
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerMappedRun", "Ledgers.Ledger", reading);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 2);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() =>
            node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = ProcedureNodes.NewSource("mapped-run", Decimal("v2")) }));

        Assert.Contains("field 'total' changes from long to decimal, and 'Run()' uses it in the running version and is not a procedure", refused.Message, StringComparison.Ordinal);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 4);
        Assert.All(recorder.Printed("subject"), p => Assert.StartsWith("v1", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mapper_that_throws_stops_the_switch_before_its_step_and_the_running_code_goes_on()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("LedgerMappedThrows", "Ledgers.Ledger", ProcedureUpdateTests.Ledger);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 2);
        var source = ProcedureNodes.NewSource("mapped-throws", Decimal("v2", mapper: "throw new System.InvalidOperationException(\"no decimal for \" + old);"));

        var stopped = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time,
            node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Describe"], Source = source }), ProcedureNodes.Step));

        Assert.Contains("the mapper of field 'total' threw: no decimal for 1", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("nothing switched", stopped.Message, StringComparison.Ordinal);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 5);
        var printed = recorder.Printed("subject");
        Assert.All(printed, p => Assert.StartsWith("v1", p, StringComparison.Ordinal));
        Assert.Equal($"v1 {printed.Count - 1} total {Enumerable.Range(0, printed.Count).Sum()}", printed[^1]);
    }
}
