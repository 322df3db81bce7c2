// points: R
// while with a condition that has an effect: resuming must not evaluate it again.
namespace Corpus;

public sealed class WhileLoop : Midflight.Module
{
    private int _checks;

    protected override void Run()
    {
        var i = 0;
        var acc = 1L;
        while (Check(i))
        {
            acc = acc * 3 % 1_000_003;
        R:
            Print($"i={i} acc={acc}");
            i++;
        }
        Print($"checks {_checks}");
    }

    private bool Check(int i)
    {
        _checks++;
        return i < 8;
    }
}
