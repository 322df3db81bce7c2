// points: R
// try / catch / finally on the path: no finally runs while unwinding for a capture, and resuming
// re-enters the try, whose catch and finally still work.
namespace Corpus;

public sealed class TryCatchFinally : Midflight.Module
{
    protected override void Run()
    {
        for (var i = 0; i < 5; i++)
        {
            try
            {
                Work(i);
                if (i == 3)
                {
                    throw new InvalidOperationException($"failed at {i}");
                }
            }
            catch (InvalidOperationException e)
            {
                Print($"caught {e.Message}");
            }
            finally
            {
                Print($"finally {i}");
            }
        }
    }

    private void Work(int i)
    {
        try
        {
        R:
            Print($"work {i}");
        }
        finally
        {
            Print($"inner finally {i}");
        }
    }
}
