// points: R
// foreach over a List<T> of records, with a call on the path inside the loop.
namespace Corpus;

public sealed record Item(string Name, int Price);

public sealed class ForEachList : Midflight.Module
{
    protected override void Run()
    {
        var items = new List<Item> { new("pen", 3), new("book", 12), new("lamp", 30), new("cup", 5) };
        var total = 0;
        foreach (var item in items)
        {
            total = Add(total, item);
        }
        Print($"total {total}");
    }

    private int Add(int total, Item item)
    {
        var sum = total + item.Price;
    R:
        Print($"{item.Name} {item.Price} -> {sum}");
        return sum;
    }
}
