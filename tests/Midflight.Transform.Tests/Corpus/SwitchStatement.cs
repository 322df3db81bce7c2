// points: R
// switch with sites in several sections, patterns and a default: resumes in the same section.
namespace Corpus;

public sealed class SwitchStatement : Midflight.Module
{
    private int _evaluations;

    protected override void Run()
    {
        for (var i = 0; i < 8; i++)
        {
            switch (Classify(i))
            {
                case 0:
                    Say("zero", i);
                    break;
                case int k when k > 2:
                    var big = k * 10;
                    Say("big", big);
                    Print($"was {k}");
                    break;
                default:
                    Print($"other {i}");
                    break;
            }
        }
        Print($"evaluations {_evaluations}");
    }

    private int Classify(int i)
    {
        _evaluations++;
        return i % 5;
    }

    private void Say(string what, int value)
    {
    R:
        Print($"{what} {value}");
    }
}
