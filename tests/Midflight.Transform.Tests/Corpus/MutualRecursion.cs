// points: R
// Mutual recursion: the stack alternates between two methods; a point in one of them.
namespace Corpus;

public sealed class MutualRecursion : Midflight.Module
{
    protected override void Run()
    {
        for (var n = 3; n <= 9; n += 3)
        {
            var parity = IsEven(n, 0);
            Print($"{n} is {(parity ? "even" : "odd")}");
        }
    }

    private bool IsEven(int n, int depth)
    {
        if (n == 0)
        {
            return true;
        }
        var result = IsOdd(n - 1, depth + 1);
        return result;
    }

    private bool IsOdd(int n, int depth)
    {
    R:
        Print($"odd? {n} at depth {depth}");
        if (n == 0)
        {
            return false;
        }
        return IsEven(n - 1, depth + 1);
    }
}
