// points: R
// foreach over an array: resumes at the same element.
namespace Corpus;

public sealed class ForEachArray : Midflight.Module
{
    protected override void Run()
    {
        var words = new[] { "alpha", "beta", "gamma", "delta", "epsilon" };
        var letters = 0;
        foreach (var word in words)
        {
            letters += word.Length;
        R:
            Print($"{word}: {letters}");
        }
        Print($"total {letters}");
    }
}
