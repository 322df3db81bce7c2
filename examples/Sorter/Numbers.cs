namespace Midflight.Examples.Sorter;

/// <summary>Sends a number every half second: a fixed series, so runs can be compared.</summary>
public sealed class Numbers : Module
{
    private long _next;

    protected override void Run()
    {
        while (true)
        {
            Write("out", Message.Of((_next * 37 % 101) - 50));
            _next++;
            Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    protected override void Divulge(DivulgedState state) => state.Set("next", _next);

    protected override void Install(DivulgedState state) => _next = state.Get<long>("next");
}
