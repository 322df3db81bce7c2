// points: R
// A checked block on the path, and an overflow caught after resuming.
namespace Corpus;

public sealed class CheckedArithmetic : Midflight.Module
{
    protected override void Run()
    {
        var value = int.MaxValue - 5;
        try
        {
            checked
            {
                for (var i = 0; i < 9; i++)
                {
                    value += 1;
                R:
                    Print($"value {value}");
                }
            }
        }
        catch (OverflowException)
        {
            Print("overflow");
        }
        Print($"end {value}");
    }
}
