// points: R, S
// 0/1 knapsack by the classic (items + 1) x (capacity + 1) table in an int[,], then the chosen items
// read back from the table; stops in the capacity loop (R) and at each item taken (S).
namespace Corpus;

public sealed record KnapsackItem(string Name, int Weight, int Value);

public sealed class Knapsack : Midflight.Module
{
    private int[,] _best = new int[0, 0];

    protected override void Run()
    {
        KnapsackItem[] items =
        [
            new("tent", 5, 60), new("stove", 3, 50), new("rope", 1, 15), new("camera", 2, 70),
            new("books", 4, 20), new("food", 4, 80), new("water", 3, 65), new("chair", 6, 35),
        ];
        const int capacity = 15;
        var value = Solve(items, capacity);
        Print($"best value {value} within {capacity}");
        var chosen = Chosen(items, capacity);
        Print($"packed {string.Join(", ", chosen.Select(i => i.Name))}: weight {chosen.Sum(i => i.Weight)}, value {chosen.Sum(i => i.Value)}");
    }

    public int Solve(KnapsackItem[] items, int capacity)
    {
        _best = new int[items.Length + 1, capacity + 1];
        for (var i = 1; i <= items.Length; i++)
        {
            var (_, weight, value) = items[i - 1];
            for (var w = 0; w <= capacity; w++)
            {
            R:
                _best[i, w] = _best[i - 1, w];
                if (weight <= w && _best[i - 1, w - weight] + value > _best[i, w])
                {
                    _best[i, w] = _best[i - 1, w - weight] + value;
                }
            }
            Print($"with {items[i - 1].Name,-6}: {string.Join(" ", Enumerable.Range(0, capacity + 1).Where(c => c % 3 == 0).Select(c => _best[i, c]))}");
        }
        return _best[items.Length, capacity];
    }

    public List<KnapsackItem> Chosen(KnapsackItem[] items, int capacity)
    {
        var chosen = new List<KnapsackItem>();
        var w = capacity;
        for (var i = items.Length; i > 0; i--)
        {
            if (_best[i, w] == _best[i - 1, w])
            {
                continue;
            }
            var item = items[i - 1];
            chosen.Add(item);
            w -= item.Weight;
        S:
            Print($"take {item.Name} (room left {w})");
        }
        chosen.Reverse();
        return chosen;
    }
}
