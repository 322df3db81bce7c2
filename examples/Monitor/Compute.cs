namespace Midflight.Examples.Monitor;

/// <summary>
/// Figure 3 of the paper in C#: serves requests for the average of n temperatures, computed by a
/// recursive procedure whose reconfiguration point R is the read of the sensor. When idle, it keeps
/// the sensor buffer clear by averaging single values. The build prepares it for automatic
/// participation, so it can be replaced in the middle of its recursion.
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

    // The build prepares this class (monitor.mil names its point R): a replacement takes over the
    // whole stack at R, _served included, with no code here. Divulge remains for inspection: it is
    // what `Node.InspectStateAsync` shows of a running compute.
    protected override void Divulge(DivulgedState state) => state.Set("served", _served);
}
