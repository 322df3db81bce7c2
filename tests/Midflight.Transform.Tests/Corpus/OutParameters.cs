// points: R
// out and ref arguments rebind to restored variables; an out parameter set before the point keeps the
// value its caller restored.
namespace Corpus;

public sealed class OutParameters : Midflight.Module
{
    protected override void Run()
    {
        var counter = 0;
        for (var i = 0; i < 4; i++)
        {
            Split(i * 17, out var tens, out var ones, ref counter);
            Print($"{i * 17}: {tens} tens {ones} ones, counter {counter}");
        }
    }

    private void Split(int value, out int tens, out int ones, ref int counter)
    {
        tens = value / 10;
        counter++;
    R:
        Print($"split {value} so far {tens}");
        ones = value % 10;
    }
}
