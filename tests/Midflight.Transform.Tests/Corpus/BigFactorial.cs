// points: R, S
// Factorials and Fibonacci numbers past the range of long, held in BigInteger fields and locals:
// n! step by step with its trailing zeros (R), and Fibonacci by pairwise update (S).
using System.Numerics;

namespace Corpus;

public sealed class BigFactorial : Midflight.Module
{
    private BigInteger _factorial = BigInteger.One;
    private int _n;

    protected override void Run()
    {
        FactorialsUpTo(40, every: 5);
        Print($"40! has {_factorial.ToString().Length} digits, digit sum {_factorial.ToString().Sum(c => c - '0')}");

        var fib = Fibonacci(150, every: 25);
        Print($"F(150) = {fib}");
        Print($"F(150) mod 1e9+7 = {fib % 1_000_000_007}");
    }

    public void FactorialsUpTo(int limit, int every)
    {
        while (_n < limit)
        {
            _n++;
            _factorial *= _n;
        R:
            if (_n % every == 0)
            {
                Print($"{_n}! = {_factorial} ({TrailingZeros(_factorial)} trailing zeros)");
            }
        }
    }

    private static int TrailingZeros(BigInteger value)
    {
        var zeros = 0;
        while (!value.IsZero && value % 10 == 0)
        {
            value /= 10;
            zeros++;
        }
        return zeros;
    }

    public BigInteger Fibonacci(int n, int every)
    {
        BigInteger a = 0, b = 1;
        for (var i = 0; i < n; i++)
        {
            (a, b) = (b, a + b);
        S:
            if ((i + 1) % every == 0)
            {
                Print($"F({i + 1}) has {a.ToString().Length} digits, ends in ...{a % 100000:D5}");
            }
        }
        return a;
    }
}
