using Midflight;

namespace MidflightApp.Modules;

/// <summary>Produces a number on its <c>out</c> interface every <see cref="Interval"/>.</summary>
public sealed class Readings : Module
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private int _next;

    protected override void Run()
    {
        while (true)
        {
            Write("out", Reading(_next++));
            Delay(Interval);
        }
    }

    /// <summary>The i-th reading: a fixed series, so that a run can be checked.</summary>
    public static int Reading(int i) => 10 + (i * 7 % 13);

    // What a replacement of readings takes over: where the series stands.
    protected override void Divulge(DivulgedState state) => state.Set("next", _next);

    protected override void Install(DivulgedState state) => _next = state.Get<int>("next");
}
