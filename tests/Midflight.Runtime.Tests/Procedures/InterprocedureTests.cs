using Midflight.Runtime.Procedures;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>
/// PODUS's example: a sort over an array of integers becomes a sort over an array of reals. The old
/// caller, unchanged, goes on calling the old signature, through the interprocedure that converts
/// its calls; and DYMOS's update sequence for a chain of changed callers.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class InterprocedureTests
{
    private const string Sorter = """
        using System;

        namespace Sorters;

        [Midflight.ProcedureUpdates]
        public sealed class Sorter : Midflight.Module
        {
            protected override void Run()
            {
                while (true)
                {
                    int value;
                R:
                    value = Read<int>("in");
                    Print(Report(value));
                }
            }

            private string Report(int value) => string.Join(",", Sort([value % 7, value % 3, -value, value % 5, 100 - value]));

            private long[] Sort(long[] values)
            {
                var sorted = (long[])values.Clone();
                Array.Sort(sorted);
                return sorted;
            }
        }
        """;

    private const string RealSort = """
            private double[] Sort(double[] values)
            {
                var sorted = (double[])values.Clone();
                Array.Sort(sorted);
                Print($"sorted {sorted.Length} reals");
                return sorted;
            }

            [Midflight.Interprocedure("Sort(long[])")]
            private long[] SortIntegers(long[] values) =>
                Array.ConvertAll(Sort(Array.ConvertAll(values, v => (double)v)), v => (long)v);
        }
        """;

    private static string Expected(int value)
    {
        long[] values = [value % 7, value % 3, -value, value % 5, 100 - value];
        Array.Sort(values);
        return string.Join(",", values);
    }

    [Fact]
    public async Task Every_call_of_the_old_caller_goes_through_the_interprocedure_to_the_new_sort_and_the_results_are_right()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("SorterReal", "Sorters.Sorter", Sorter);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 3);
        var source = ProcedureNodes.NewSource("sort", Sorter[..Sorter.IndexOf("    private long[] Sort", StringComparison.Ordinal)] + RealSort);

        var plan = await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Sort"], Source = source, PlanOnly = true });
        var result = await node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Sort"], Source = source });

        // The old slot, Sort(long[]), is rebound to the interprocedure; the new Sort(double[]) has none.
        Assert.Equal(["Sort(long[])"], plan.Steps.Single().Procedures);
        Assert.Null(plan.Steps.Single().SwitchedAfter);
        Assert.True(result.Switched);
        // A dry run takes no version number: the update it planned is version 1.
        Assert.Equal((1, 1), (plan.Version, result.Version));
        await ProcedureNodes.PrintedAsync(node, time, recorder, 3 + 2 * 10);
        var printed = recorder.Printed("subject");
        var results = printed.Where(p => !p.StartsWith("sorted", StringComparison.Ordinal)).ToList();
        Assert.Equal(results.Select((_, i) => Expected(i)), results);
        var firstNew = printed.ToList().IndexOf("sorted 5 reals");
        Assert.Equal(3, firstNew);
        // After the switch, every report of the old caller came through the new sort.
        Assert.All(printed.Skip(firstNew).Chunk(2), pair => Assert.Equal("sorted 5 reals", pair[0]));
    }

    [Fact]
    public async Task An_interprocedure_whose_signature_is_not_the_old_procedures_is_refused()
    {
        var (node, time, recorder) = await ProcedureNodes.StartAsync("SorterMisfit", "Sorters.Sorter", Sorter);
        await using var _ = node;
        await ProcedureNodes.PrintedAsync(node, time, recorder, 1);
        var misfit = RealSort.Replace("private long[] SortIntegers(long[] values)", "private int[] SortIntegers(long[] values)", StringComparison.Ordinal)
            .Replace("v => (long)v)", "v => (int)v)", StringComparison.Ordinal);
        var source = ProcedureNodes.NewSource("misfit", Sorter[..Sorter.IndexOf("    private long[] Sort", StringComparison.Ordinal)] + misfit);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => node.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Procedures = ["Sort"], Source = source }));

        Assert.Contains("interprocedure 'SortIntegers(long[])' returning int[] does not stand for 'Sort(long[])' returning long[]", refused.Message, StringComparison.Ordinal);
    }

    private const string Chain = """
        namespace Chains;

        [Midflight.ProcedureUpdates]
        public sealed class Chain : Midflight.Module
        {
            protected override void Run()
            {
                while (true)
                {
                    int value;
                R:
                    value = Read<int>("in");
                    Print(A(value));
                }
            }

            private string A(int value) => "a1 " + B(value);

            private string B(int value) => "b1 " + C(value);

            private string C(int value) => $"c1 {value}";
        }
        """;

    private static string ChainVersion2 => Chain.Replace("\"a1 ", "\"a2 ", StringComparison.Ordinal).Replace("\"b1 ", "\"b2 ", StringComparison.Ordinal).Replace("$\"c1 ", "$\"c2 ", StringComparison.Ordinal);

    [Fact]
    public async Task A_chain_of_changed_callers_is_planned_callees_first_and_the_sequence_ends_where_one_atomic_update_does()
    {
        var (stepwise, time, recorder) = await ProcedureNodes.StartAsync("ChainSteps", "Chains.Chain", Chain);
        await using var _ = stepwise;
        var (atomic, atomicTime, atomicRecorder) = await ProcedureNodes.StartAsync("ChainAtomic", "Chains.Chain", Chain);
        await using var __ = atomic;
        await ProcedureNodes.PrintedAsync(stepwise, time, recorder, 2);
        await ProcedureNodes.PrintedAsync(atomic, atomicTime, atomicRecorder, 2);
        var source = ProcedureNodes.NewSource("chain", ChainVersion2);

        var plan = await stepwise.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Source = source, PlanOnly = true });
        Assert.Equal([["C(int)"], ["B(int)"], ["A(int)"]], plan.Steps.Select(s => s.Procedures));
        var sequence = await stepwise.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Source = source });
        var once = await atomic.UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Source = source, Atomic = true });

        Assert.Equal(3, sequence.Steps.Count);
        Assert.Single(once.Steps);
        var stepwiseProcedures = stepwise.Status["subject"].Procedures;
        Assert.Equal(["A(int)", "B(int)", "C(int)"], stepwiseProcedures.Keys);
        Assert.Equal(stepwiseProcedures.Keys, atomic.Status["subject"].Procedures.Keys);
        var count = recorder.Printed("subject").Count;
        await ProcedureNodes.PrintedAsync(stepwise, time, recorder, count + 3);
        await ProcedureNodes.PrintedAsync(atomic, atomicTime, atomicRecorder, count + 3);
        Assert.Equal(recorder.Printed("subject").Skip(count).Take(3), atomicRecorder.Printed("subject").Skip(count).Take(3));
        Assert.All(recorder.Printed("subject").Skip(count), p => Assert.StartsWith("a2 b2 c2", p, StringComparison.Ordinal));
    }
}
