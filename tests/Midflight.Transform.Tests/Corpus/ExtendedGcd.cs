// points: R, S
// Number theory helpers: Euclid's gcd by recursion, the extended algorithm returning Bezout
// coefficients as a tuple, modular inverses and the Chinese remainder theorem built on them; stops in
// each recursion (R for the extended one, S for gcd).
namespace Corpus;

public sealed class ExtendedGcd : Midflight.Module
{
    protected override void Run()
    {
        (long, long)[] pairs = [(240, 46), (1071, 462), (17, 5), (0, 9), (1_000_000_007, 998_244_353)];
        foreach (var (a, b) in pairs)
        {
            var g = Gcd(a, b);
            var (d, x, y) = Extended(a, b);
            Print($"gcd({a}, {b}) = {g}; {a}*{x} + {b}*{y} = {a * x + b * y} (same {g == d})");
        }

        foreach (var (a, m) in new (long, long)[] { (3, 11), (10, 17), (6, 9) })
        {
            long? inverse = Inverse(a, m);
            Print($"inverse of {a} mod {m}: {inverse?.ToString() ?? "none"}");
        }

        var x0 = Crt([2, 3, 2], [3, 5, 7]);
        Print($"x = 2 (mod 3), 3 (mod 5), 2 (mod 7): x = {x0}");
    }

    public long Gcd(long a, long b)
    {
    S:
        return b == 0 ? a : Gcd(b, a % b);
    }

    public (long G, long X, long Y) Extended(long a, long b)
    {
        if (b == 0)
        {
            return (a, 1, 0);
        }
    R:
        var (g, x, y) = Extended(b, a % b);
        return (g, y, x - a / b * y);
    }

    public long? Inverse(long a, long m)
    {
        var (g, x, _) = Extended(a, m);
        if (g != 1)
        {
            return null;
        }
        return ((x % m) + m) % m;
    }

    public long Crt(long[] remainders, long[] moduli)
    {
        var product = moduli.Aggregate(1L, (p, m) => p * m);
        var sum = 0L;
        for (var i = 0; i < moduli.Length; i++)
        {
            var partial = product / moduli[i];
            var inverse = Inverse(partial % moduli[i], moduli[i]) ?? throw new ArgumentException("moduli not coprime");
            sum += remainders[i] * partial * inverse;
        }
        return sum % product;
    }
}
