// points: R, S
// Coin change: the number of ways to make each amount by the one-dimensional table (R), and the fewest
// coins by memoised recursion keeping the best combination per amount in a Dictionary<int, int[]>
// (S); greedy is shown to fail where it does.
namespace Corpus;

public sealed class CoinChange : Midflight.Module
{
    private readonly Dictionary<int, int[]> _best = [];
    private readonly HashSet<int> _impossible = [];

    protected override void Run()
    {
        (int[] Coins, int Amount)[] cases = [([1, 2, 5], 11), ([2], 3), ([1, 5, 10, 25], 63), ([1, 5, 6, 9], 11), ([3, 7], 20)];
        foreach (var (coins, amount) in cases)
        {
            _best.Clear();
            _impossible.Clear();
            var ways = Ways(coins, amount);
            var fewest = Fewest(coins, amount);
            var greedy = Greedy(coins, amount);
            Print($"{amount} from {{{string.Join(",", coins)}}}: {ways} ways, fewest {(fewest is null ? "impossible" : $"{fewest.Length} [{string.Join("+", fewest)}]")}, greedy {(greedy is null ? "stuck" : greedy.Count.ToString())}");
        }
    }

    public long Ways(int[] coins, int amount)
    {
        var ways = new long[amount + 1];
        ways[0] = 1;
        foreach (var coin in coins)
        {
            for (var a = coin; a <= amount; a++)
            {
            R:
                ways[a] += ways[a - coin];
            }
            Print($"  using up to {coin}: {ways[amount]} ways");
        }
        return ways[amount];
    }

    public int[]? Fewest(int[] coins, int amount)
    {
        if (amount == 0)
        {
            return [];
        }
        if (_best.TryGetValue(amount, out var known))
        {
            return known;
        }
        if (_impossible.Contains(amount))
        {
            return null;
        }
        int[]? best = null;
        foreach (var coin in coins)
        {
            if (coin > amount)
            {
                continue;
            }
        S:
            var rest = Fewest(coins, amount - coin);
            if (rest is not null && (best is null || rest.Length + 1 < best.Length))
            {
                best = [coin, .. rest];
            }
        }
        if (best is null)
        {
            _impossible.Add(amount);
        }
        else
        {
            _best[amount] = best;
        }
        return best;
    }

    private static List<int>? Greedy(int[] coins, int amount)
    {
        var taken = new List<int>();
        foreach (var coin in coins.OrderDescending())
        {
            while (amount >= coin)
            {
                amount -= coin;
                taken.Add(coin);
            }
        }
        return amount == 0 ? taken : null;
    }
}
