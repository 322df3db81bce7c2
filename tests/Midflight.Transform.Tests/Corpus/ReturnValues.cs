// points: R, R2
// Methods that return values on the path: the value is computed again when the call is made again.
namespace Corpus;

public sealed class ReturnValues : Midflight.Module
{
    private string _log = "";

    protected override void Run()
    {
        var a = Pick(3);
        _log = Label(a);
        var b = Pick(a + 4);
        a += Pick(b);
        Print($"a={a} b={b} log={_log}");
    }

    private int Pick(int seed)
    {
        var value = seed * 2 + 1;
    R:
        Print($"pick {seed} -> {value}");
        return value;
    }

    private string Label(int value) => Describe(value, "v");

    private string Describe(int value, string prefix)
    {
    R2:
        Print($"describe {value}");
        return prefix + value;
    }
}
