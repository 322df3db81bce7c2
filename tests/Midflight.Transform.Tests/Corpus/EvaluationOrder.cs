// points: R
// What C# evaluates before a call stays evaluated before it once the call has a statement of its own:
// a StringBuilder formatted into a string before the call that grows it, a local read before the call
// that changes it by ref, a delegate field read before the call that replaces it, a byte field read
// before the call and the sum narrowed back to a byte.
using System.Text;

namespace Corpus;

public sealed class EvaluationOrder : Midflight.Module
{
    private Func<int, int> _next = n => n;
    private byte _small = 250;

    protected override void Run()
    {
        var text = new StringBuilder("s");
        for (var i = 0; i < 4; i++)
        {
            Print($"{text,4}|{Grow(text, i)}");
            Print(text + Grow(text, i).ToString());
            var x = i;
            x = x + Bump(ref x);
            Print($"x {x}");
            Print("next " + _next(Swap(i)));
            _small += Small(i);
            Print($"small {_small}");
        }
    }

    private int Grow(StringBuilder text, int i)
    {
        text.Append(i);
        return Step() + text.Length;
    }

    private int Bump(ref int x)
    {
        x += 10;
        return Step();
    }

    private int Swap(int i)
    {
        _next = i % 2 == 0 ? n => n + 100 : n => n * 3;
        return Step() + i;
    }

    private byte Small(int i) => (byte)(Step() + i);

    private int Step()
    {
    R:
        Print("step");
        return 1;
    }
}
