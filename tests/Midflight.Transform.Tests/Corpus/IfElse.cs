// points: R, S
// if / else if / else with sites in each branch: resuming takes the branch without testing again.
namespace Corpus;

public sealed class IfElse : Midflight.Module
{
    private int _tests;

    protected override void Run()
    {
        for (var i = 0; i < 9; i++)
        {
            if (Test(i % 3 == 0))
            {
                Step("fizz", i);
            }
            else if (Test(i % 3 == 1))
            {
                var label = "one";
                Step(label, i);
                Print($"after {label}");
            }
            else
            {
            S:
                Print($"plain {i}");
            }
        }
        Print($"tests {_tests}");
    }

    private bool Test(bool condition)
    {
        _tests++;
        return condition;
    }

    private void Step(string what, int i)
    {
    R:
        Print($"{what} {i}");
    }
}
