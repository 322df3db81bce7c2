// points: R
// for with two variables, a continue and a break: the loop's variables are captured.
namespace Corpus;

public sealed class ForLoop : Midflight.Module
{
    protected override void Run()
    {
        var sum = 0;
        for (int i = 0, j = 10; i < j; i++, j--)
        {
            if (i == 2)
            {
                continue;
            }
        R:
            Print($"i={i} j={j} sum={sum}");
            sum += i * j;
            if (sum > 60)
            {
                break;
            }
        }
        Print($"sum {sum}");
    }
}
