namespace Midflight.Examples.Monitor;

/// <summary>Produces a temperature on its <c>out</c> interface at regular intervals.</summary>
public sealed class Sensor : Module
{
    /// <summary>How often a temperature is produced.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private int _reading;

    protected override void Run()
    {
        while (true)
        {
            Write("out", Temperature(_reading++));
            Delay(Interval);
        }
    }

    /// <summary>A deterministic, varied series around 20 degrees, so runs can be compared.</summary>
    public static int Temperature(int reading) => 15 + ((reading * 7) + (reading / 3)) % 11;

    protected override void Divulge(DivulgedState state) => state.Set("reading", _reading);

    protected override void Install(DivulgedState state) => _reading = state.Get<int>("reading");
}
