namespace Midflight.Examples.Quotes;

/// <summary>
/// Quotes an item at 100 cents plus a cent per item number, after a second and a half of asking its
/// supplier. It keeps nothing between quotes, so an update can drain it (<c>update --drain</c>).
/// </summary>
public sealed class Pricer : Module
{
    protected override void Run()
    {
        while (true)
        {
            var item = Read<long>("quotes");
            Delay(TimeSpan.FromMilliseconds(1500));
            Write("quotes", Message.Of(item, 100 + item, "list price"));
        }
    }
}
