// points: R
// Local functions on the path, one using a variable of its enclosing method.
namespace Corpus;

public sealed class LocalFunctions : Midflight.Module
{
    protected override void Run()
    {
        var scale = 7;
        var seen = 0;
        for (var i = 1; i <= 4; i++)
        {
            var scaled = Scale(i);
            seen += scaled;
            Print($"scaled {scaled} seen {seen}");
        }

        int Scale(int value)
        {
            var result = value * scale;
        R:
            Print($"scale {value} by {scale}");
            return result;
        }
    }
}
