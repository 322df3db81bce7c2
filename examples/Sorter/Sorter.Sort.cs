namespace Midflight.Examples.Sorter;

/// <summary>The sort, in a file of its own: a procedure update of it names a new version of this file alone.</summary>
public sealed partial class Sorter
{
    private long[] Sort(long[] values)
    {
        var sorted = (long[])values.Clone();
        Array.Sort(sorted);
        return sorted;
    }
}
