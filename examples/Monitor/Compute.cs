using System.Globalization;

namespace Midflight.Examples.Monitor;

/// <summary>
/// Figure 3 of the paper in C#: serves requests for the average of n temperatures, computed by a
/// recursive procedure whose reconfiguration point R is the read of the sensor. When idle, it keeps
/// the sensor buffer clear by averaging single values.
/// </summary>
public sealed class Compute : Module
{
    private long _served;

    protected override void Run()
    {
        while (true)
        {
            // handle requests for temp
            while (HasMessages("display"))
            {
                var n = Read<int>("display");
                // compute avg of n temps
                var response = 0.0;
                Average(n, n, ref response);
                Write("display", response);
                _served++;
            }
            // keep sensor buffer clear
            if (HasMessages("sensor"))
            {
                var discarded = 0.0;
                Average(1, 1, ref discarded);
            }
            Delay(TimeSpan.FromSeconds(2));
        }
    }

    private void Average(int num, int n, ref double rp)
    {
        int temper;
        if (n <= 0)
        {
            rp = 0.0;
            return;
        }
        Average(num, n - 1, ref rp);
    R:
        temper = Read<int>("sensor");
        rp += (double)temper / num;
    }

    // Manual participation: the state a replacement takes over. Automatic participation will generate
    // the capture and restore of the whole stack instead.
    protected override void Divulge(DivulgedState state) => state.Set("served", _served);

    protected override void Install(DivulgedState state)
    {
        _served = state.Get<long>("served");
        Print(string.Create(CultureInfo.InvariantCulture, $"took over, {_served} requests served so far"));
    }
}
