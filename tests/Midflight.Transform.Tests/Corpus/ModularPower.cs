// points: R, S, T
// Fast exponentiation three ways: iterative square-and-multiply modulo m (R), recursive halving on
// BigInteger (S), and the Miller-Rabin test whose witness rounds run inside an if condition (T).
using System.Numerics;

namespace Corpus;

public sealed class ModularPower : Midflight.Module
{
    private static readonly long[] Witnesses = [2, 3, 5, 7, 11, 13, 17];

    protected override void Run()
    {
        Print($"3^200 mod 1000007 = {ModPow(3, 200, 1_000_007)}");
        Print($"2^62 mod 1e9+7 = {ModPow(2, 62, 1_000_000_007)}");

        foreach (var e in new[] { 10, 64, 100 })
        {
            var p = Power(new BigInteger(3), e);
            Print($"3^{e} = {p} ({p.ToString().Length} digits)");
        }

        long[] candidates = [2, 97, 561, 7919, 1_000_000_007, 1_000_000_011, 2_147_483_647, 3_215_031_751];
        foreach (var n in candidates)
        {
            var prime = IsProbablePrime(n);
            Print($"{n}: {(prime ? "prime" : "composite")}");
        }
    }

    public long ModPow(long b, long e, long m)
    {
        var result = 1L;
        b %= m;
        while (e > 0)
        {
            if ((e & 1) == 1)
            {
                result = (long)((UInt128)result * (ulong)b % (ulong)m);
            }
        R:
            b = (long)((UInt128)b * (ulong)b % (ulong)m);
            e >>= 1;
        }
        return result;
    }

    public BigInteger Power(BigInteger b, int e)
    {
        if (e == 0)
        {
            return BigInteger.One;
        }
    S:
        var half = Power(b, e / 2);
        return e % 2 == 0 ? half * half : half * half * b;
    }

    public bool IsProbablePrime(long n)
    {
        if (n < 2)
        {
            return false;
        }
        foreach (var p in Witnesses)
        {
            if (n % p == 0)
            {
                return n == p;
            }
        }
        var d = n - 1;
        var s = 0;
        while ((d & 1) == 0)
        {
            d >>= 1;
            s++;
        }
        foreach (var a in Witnesses)
        {
            if (IsWitness(a, d, s, n))
            {
                return false;
            }
        }
        return true;
    }

    private bool IsWitness(long a, long d, int s, long n)
    {
        var x = ModPow(a, d, n);
        if (x == 1 || x == n - 1)
        {
            return false;
        }
        for (var r = 1; r < s; r++)
        {
        T:
            x = (long)((UInt128)x * (ulong)x % (ulong)n);
            if (x == n - 1)
            {
                return false;
            }
        }
        return true;
    }
}
