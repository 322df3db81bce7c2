using Midflight.Runtime.Procedures;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>
/// PODUS's rule, and DYMOS's: a procedure switches only when it is inactive, callees before their
/// callers, a semantic group all at once; with <c>WhileActive</c>, at once, its activation under way
/// finishing on the old code. The worker reads a value at its point, then a second one inside
/// <c>Outer</c>, so that after an odd number of values it waits with <c>Outer</c> active.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class SwitchRuleTests
{
    private const string Worker = """
        namespace Workers;

        [Midflight.ProcedureUpdates]
        public sealed class Worker : Midflight.Module
        {
            protected override void Run()
            {
                while (true)
                {
                    int value;
                R:
                    value = Read<int>("in");
                    Outer(value);
                }
            }

            private void Outer(int first)
            {
                var second = Read<int>("in");
                Print(Inner(first, second));
                Print("outer v1");
            }

            private string Inner(int a, int b) => $"inner v1 {a} {b}";
        }
        """;

    private static string Version2(string groups = "") => Worker
        .Replace("Print(\"outer v1\");", "Print(\"outer v2\");", StringComparison.Ordinal)
        .Replace("$\"inner v1", "$\"inner v2", StringComparison.Ordinal)
        .Replace("    private void Outer", groups + "    private void Outer", StringComparison.Ordinal)
        .Replace("    private string Inner", groups + "    private string Inner", StringComparison.Ordinal);

    /// <summary>Starts the worker and runs it until it waits inside <c>Outer</c>, having printed <paramref name="pairs"/> pairs.</summary>
    private static async Task<(Node Node, Microsoft.Extensions.Time.Testing.FakeTimeProvider Time, Recorder Recorder)> InsideOuterAsync(string name, int pairs)
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync(name, "Workers.Worker", Worker);
        await Drive.UntilAsync(node, time, () => recorder.CountOf("subject", "in", written: false) == 2 * pairs + 1, ProcedureNodes.Step);
        return (node, time, recorder);
    }

    private static async Task<ProcedureUpdateResult> UpdateAsync(Node node, Microsoft.Extensions.Time.Testing.FakeTimeProvider time, string test, string source, ProcedureUpdateOptions? options = null)
    {
        var update = node.UpdateProceduresAsync("subject", (options ?? new()) with { Source = ProcedureNodes.NewSource(test, source) });
        await Drive.UntilAsync(node, time, () => update.IsCompleted, ProcedureNodes.Step);
        return await update;
    }

    [Fact]
    public async Task An_active_procedure_is_held_until_it_returns_while_its_inactive_callee_switches_first()
    {
        var (node, time, recorder) = await InsideOuterAsync("WorkerHeld", pairs: 2);
        await using var _ = node;

        var result = await UpdateAsync(node, time, "held", Version2());

        // Bottom-up: Inner, a callee, switched at once; Outer, active, when it returned.
        Assert.Equal([["Inner(int, int)"], ["Outer(int)"]], result.Steps.Select(s => s.Procedures));
        Assert.True(result.Steps[0].SwitchedAfter < result.Steps[1].SwitchedAfter, string.Join(", ", result.Steps));
        await ProcedureNodes.PrintedAsync(node, time, recorder, 10);
        // The activation under way finished on the old code, its call of Inner on the new.
        Assert.Equal(["inner v1 0 1", "outer v1", "inner v1 2 3", "outer v1", "inner v2 4 5", "outer v1", "inner v2 6 7", "outer v2", "inner v2 8 9", "outer v2"],
            recorder.Printed("subject").Take(10));
    }

    [Fact]
    public async Task With_while_active_an_activation_under_way_finishes_on_old_code_and_new_calls_run_new_code()
    {
        var (node, time, recorder) = await InsideOuterAsync("WorkerActive", pairs: 1);
        await using var _ = node;

        var result = await UpdateAsync(node, time, "active", Version2(), new ProcedureUpdateOptions { Procedures = ["Outer"], WhileActive = true });

        Assert.True(result.Switched);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 6);
        Assert.Equal(["inner v1 0 1", "outer v1", "inner v1 2 3", "outer v1", "inner v1 4 5", "outer v2"], recorder.Printed("subject").Take(6));
    }

    [Fact]
    public async Task A_semantic_group_switches_all_at_once_when_all_of_it_is_inactive()
    {
        var (node, time, recorder) = await InsideOuterAsync("WorkerGroup", pairs: 1);
        await using var _ = node;

        var result = await UpdateAsync(node, time, "group", Version2("    [Midflight.SemanticGroup(\"pair\")]\n"));

        Assert.Equal(["Inner(int, int)", "Outer(int)"], result.Steps.Single().Procedures);
        Assert.Contains("semantic group 'pair'", result.Steps.Single().Reasons.Single(), StringComparison.Ordinal);
        await ProcedureNodes.PrintedAsync(node, time, recorder, 8);
        // Never the new Inner under the old Outer: the pair switched between two activations of Outer.
        Assert.Equal(["inner v1 0 1", "outer v1", "inner v1 2 3", "outer v1", "inner v2 4 5", "outer v2", "inner v2 6 7", "outer v2"], recorder.Printed("subject").Take(8));
    }

    [Fact]
    public async Task A_procedure_that_never_returns_times_out_naming_what_holds_it_and_keeps_its_old_code()
    {
        // Outer reads for ever: it never returns, so it is never inactive.
        var looper = Worker.Replace("Print(\"outer v1\");", "while (true) { Print(Inner(first, Read<int>(\"in\"))); }", StringComparison.Ordinal);
        var (node, time, recorder) = await ProcedureNodes.StartAsync("WorkerLoop", "Workers.Worker", looper);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 2);

        var update = node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions
        {
            Procedures = ["Outer"],
            Source = ProcedureNodes.NewSource("loop", looper.Replace("Print(Inner(first", "Print(\"v2 \" + Inner(first", StringComparison.Ordinal)),
            Timeout = TimeSpan.FromSeconds(5),
        });
        await Drive.UntilAsync(node, time, () => update.IsCompleted, ProcedureNodes.Step);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => update);
        Assert.Contains("timed out after 5 s: held by Outer(int), active on its stack; nothing switched", refused.Message, StringComparison.Ordinal);
        var before = recorder.Printed("subject").Count;
        await ProcedureNodes.PrintedAsync(node, time, recorder, before + 3);
        Assert.All(recorder.Printed("subject"), p => Assert.StartsWith("inner v1", p, StringComparison.Ordinal));
    }
}
