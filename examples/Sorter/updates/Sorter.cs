namespace Midflight.Examples.Sorter;

/// <summary>
/// The sorter whose sort takes reals: PODUS's example. The old caller, Report, is not changed; its
/// calls of Sort(long[]) go through the interprocedure, which converts them to the new Sort and
/// converts the result back. Updated procedure-level:
/// <c>midflight update sorter.mil sorter --procedure Sort --source updates/Sorter.cs</c>.
/// </summary>
[ProcedureUpdates]
public sealed class Sorter : Module
{
    private const int Window = 6;

    private readonly Queue<long> recent = new();

    protected override void Run()
    {
        while (true)
        {
        R:
            var value = Read<long>("in");
            recent.Enqueue(value);
            if (recent.Count > Window)
            {
                recent.Dequeue();
            }
            Print(Report());
        }
    }

    private string Report() => string.Join(" ", Sort([.. recent]));

    private double[] Sort(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        Print($"sorted {sorted.Length} reals");
        return sorted;
    }

    /// <summary>The interprocedure: the old calling sequence in, the new procedure called, the result converted back.</summary>
    [Interprocedure("Sort(long[])")]
    private long[] SortIntegers(long[] values) =>
        Array.ConvertAll(Sort(Array.ConvertAll(values, v => (double)v)), v => (long)v);

    protected override void Divulge(DivulgedState state) => state.Set("recent", string.Join(",", recent));

    protected override void Install(DivulgedState state)
    {
        foreach (var value in state.Get<string>("recent").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            recent.Enqueue(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
