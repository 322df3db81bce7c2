// points: R
// try / catch inside a loop with continue and a rethrown exception caught further out.
namespace Corpus;

public sealed class TryInLoop : Midflight.Module
{
    protected override void Run()
    {
        var failures = 0;
        try
        {
            for (var i = 0; i < 7; i++)
            {
                try
                {
                    Attempt(i);
                }
                catch (ArgumentException e) when (e.ParamName == "soft")
                {
                    failures++;
                    Print($"soft failure {i}");
                    continue;
                }
                Print($"done {i}");
            }
        }
        catch (ArgumentException e)
        {
            Print($"hard failure {e.ParamName} after {failures}");
        }
    }

    private void Attempt(int i)
    {
    R:
        Print($"attempt {i}");
        if (i % 3 == 2)
        {
            throw new ArgumentException("no", i == 5 ? "hard" : "soft");
        }
    }
}
