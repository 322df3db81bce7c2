// points: R, S
// Dijkstra's Dutch national flag partition of enum values in one pass with three indices and a
// switch on the colour (R), then the same three-way idea generalised to keys around a low/high band (S).
namespace Corpus;

public enum FlagColor { Red, White, Blue }

public sealed class DutchNationalFlag : Midflight.Module
{
    private int _swaps;

    protected override void Run()
    {
        FlagColor[] stripes = [.. "BWRWBRRWBWRB".Select(c => c switch { 'R' => FlagColor.Red, 'W' => FlagColor.White, _ => FlagColor.Blue })];
        SortColors(stripes);
        Print($"flag: {string.Join(" ", stripes)} with {_swaps} swaps");

        _swaps = 0;
        int[] temperatures = [31, 12, 25, 40, 18, 22, 35, 9, 27, 20, 33, 15];
        var (low, high) = Band(temperatures, 18, 30);
        Print($"band 18..30: cold [0..{low}), mild [{low}..{high}], hot ({high}..]: {string.Join(" ", temperatures)} with {_swaps} swaps");
    }

    public void SortColors(FlagColor[] a)
    {
        int red = 0, white = 0, blue = a.Length - 1;
        while (white <= blue)
        {
        R:
            switch (a[white])
            {
                case FlagColor.Red:
                    Swap(a, red++, white++);
                    break;
                case FlagColor.White:
                    white++;
                    break;
                case FlagColor.Blue:
                    Swap(a, white, blue--);
                    break;
            }
            Print($"  {string.Concat(a.Select(c => c.ToString()[0]))} red<{red} white<{white} blue>{blue}");
        }
    }

    public (int Low, int High) Band<T>(T[] a, T low, T high) where T : IComparable<T>
    {
        int lt = 0, i = 0, gt = a.Length - 1;
        while (i <= gt)
        {
        S:
            if (a[i].CompareTo(low) < 0)
            {
                Swap(a, lt++, i++);
            }
            else if (a[i].CompareTo(high) > 0)
            {
                Swap(a, i, gt--);
            }
            else
            {
                i++;
            }
            if (i % 4 == 0)
            {
                Print($"  i={i}: {string.Join(" ", a)}");
            }
        }
        return (lt, gt);
    }

    private void Swap<T>(T[] a, int i, int j)
    {
        (a[i], a[j]) = (a[j], a[i]);
        _swaps++;
    }
}
