// points: R, S
// Fibonacci numbers on BigInteger by fast doubling (F(2k) and F(2k+1) from F(k) and F(k+1)), checked
// against a memoised naive recursion over a Dictionary<int, BigInteger>; stops in each recursion.
using System.Numerics;

namespace Corpus;

public sealed class FibonacciDoubling : Midflight.Module
{
    private readonly Dictionary<int, BigInteger> _memo = new() { [0] = 0, [1] = 1 };

    protected override void Run()
    {
        foreach (var n in new[] { 10, 50, 90, 100, 250, 500, 1000 })
        {
            var (f, _) = Doubling(n);
            var text = f.ToString();
            Print($"F({n}) = {(text.Length > 24 ? $"{text[..10]}...{text[^10..]} ({text.Length} digits)" : text)}");
        }
        foreach (var n in new[] { 30, 80, 120 })
        {
            var slow = Memo(n);
            var fast = Doubling(n).F;
            Print($"F({n}) memo {slow} agrees {slow == fast}");
        }
    }

    public (BigInteger F, BigInteger Next) Doubling(int n)
    {
        if (n == 0)
        {
            return (BigInteger.Zero, BigInteger.One);
        }
    R:
        var half = Doubling(n / 2);
        var (a, b) = half;
        var c = a * (2 * b - a);
        var d = a * a + b * b;
        return n % 2 == 0 ? (c, d) : (d, c + d);
    }

    public BigInteger Memo(int n)
    {
        if (_memo.TryGetValue(n, out var known))
        {
            return known;
        }
    S:
        var value = Memo(n - 1) + Memo(n - 2);
        _memo[n] = value;
        return value;
    }
}
