namespace Midflight.Examples.Sorter;

/// <summary>
/// The sort over reals: PODUS's example. It replaces Sorter.Sort.cs in a procedure update
/// (<c>midflight update sorter.mil sorter --procedure Sort --source updates/Sorter.Sort.cs</c>). The
/// old caller, Report, is not changed; its calls of Sort(long[]) go through the interprocedure,
/// which converts them to the new Sort and converts the result back.
/// </summary>
public sealed partial class Sorter
{
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
}
