// points: R
// Static methods on the path: the context comes as a parameter, not from the module.
namespace Corpus;

public sealed class StaticMethods : Midflight.Module
{
    protected override void Run()
    {
        var log = new List<string>();
        for (var n = 2; n <= 7; n++)
        {
            var fib = Fibonacci(n, log);
            Print($"fib({n}) = {fib} after {log.Count} steps");
        }
        Print(string.Join("; ", log.TakeLast(3)));
    }

    private static int Fibonacci(int n, List<string> log)
    {
        if (n < 2)
        {
            return n;
        }
        var a = Fibonacci(n - 1, log);
        var b = Fibonacci(n - 2, log);
    R:
        log.Add($"{n}={a}+{b}");
        return a + b;
    }
}
