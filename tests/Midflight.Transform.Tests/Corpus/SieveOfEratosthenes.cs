// points: R, S
// The sieve of Eratosthenes over a bool[] field, with a smallest-prime-factor table used to factor
// numbers into a SortedDictionary<int, int>; stops while crossing off multiples (R) and while dividing
// out factors (S).
namespace Corpus;

public sealed class SieveOfEratosthenes : Midflight.Module
{
    private const int Limit = 200;
    private bool[] _composite = [];
    private int[] _smallestFactor = [];
    private readonly HashSet<int> _primes = [];

    protected override void Run()
    {
        Sieve(Limit);
        var ordered = _primes.Order().ToList();
        for (var row = 0; row * 10 < Math.Min(ordered.Count, 30); row++)
        {
            Print(string.Join(" ", ordered.Skip(row * 10).Take(10).Select(p => p.ToString().PadLeft(3))));
        }
        var twins = ordered.Zip(ordered.Skip(1)).Count(p => p.Second - p.First == 2);
        Print($"{_primes.Count} primes below {Limit}, {twins} twin pairs");

        foreach (var n in new[] { 84, 97, 128, 180, 199, 0 })
        {
            var factors = Factor(n);
            Print($"{n} = {(factors.Count == 0 ? "(no prime factors)" : string.Join(" * ", factors.Select(f => f.Value == 1 ? $"{f.Key}" : $"{f.Key}^{f.Value}")))}");
        }
    }

    public void Sieve(int limit)
    {
        _composite = new bool[limit];
        _smallestFactor = new int[limit];
        for (var i = 2; i < limit; i++)
        {
            if (_composite[i])
            {
                continue;
            }
            _primes.Add(i);
            _smallestFactor[i] = i;
            for (var multiple = (long)i * i; multiple < limit; multiple += i)
            {
            R:
                if (!_composite[multiple])
                {
                    _composite[multiple] = true;
                    _smallestFactor[multiple] = i;
                }
            }
            if (i * i < limit)
            {
                Print($"crossed off multiples of {i}");
            }
        }
    }

    public SortedDictionary<int, int> Factor(int n)
    {
        var factors = new SortedDictionary<int, int>();
        while (n > 1)
        {
            var p = _smallestFactor[n];
        S:
            factors[p] = factors.TryGetValue(p, out var count) ? count + 1 : 1;
            n /= p;
        }
        return factors;
    }
}
