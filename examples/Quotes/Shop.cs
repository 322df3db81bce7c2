namespace Midflight.Examples.Quotes;

/// <summary>
/// Asks for the quotes of items 1, 2, 3…, two at a time, and prints each as it comes: the item, its
/// price in cents and the pricer's version. A quote for another item than the one asked next would
/// be printed as out of order.
/// </summary>
public sealed class Shop : Module
{
    private long _next = 1;

    protected override void Run()
    {
        while (true)
        {
            Write("quotes", _next);
            Write("quotes", _next + 1);
            for (var i = 0; i < 2; i++)
            {
                var quote = Read("quotes");
                var item = (long)quote[0];
                Print(item == _next ? $"item {item}: {(long)quote[1]} cents ({(string)quote[2]})" : $"out of order: item {item}, expected {_next}");
                _next++;
            }
            Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
