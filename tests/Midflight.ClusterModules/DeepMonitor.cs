using System.Globalization;

namespace Midflight.ClusterModules;

/// <summary>Asks for the average of the next <see cref="Depth"/> readings, prints it exactly, and again.</summary>
public sealed class DeepDisplay : Module
{
    public const int Depth = 30;

    protected override void Run()
    {
        while (true)
        {
            var average = Call<double>("temper", Depth);
            Print(string.Create(CultureInfo.InvariantCulture, $"average of the next {Depth} readings: {average:R}"));
            Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>The averages an uninterrupted run prints: readings 0 to Depth−1, then Depth to 2·Depth−1, …, summed in the order compute sums them.</summary>
    public static IEnumerable<double> Expected()
    {
        for (var request = 0; ; request++)
        {
            var average = 0.0;
            for (var i = 0; i < Depth; i++)
            {
                average += (double)BurstSensor.Temperature((request * Depth) + i) / Depth;
            }
            yield return average;
        }
    }
}

/// <summary>The paper's compute, serving only the display: each request reads as many readings as it asks for, at point R.</summary>
public sealed class DeepCompute : Module
{
    protected override void Run()
    {
        while (true)
        {
            var n = Read<int>("display");
            var response = 0.0;
            Average(n, n, ref response);
            Write("display", response);
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
}

/// <summary>Writes readings in bursts, faster than the display's requests take them.</summary>
public sealed class BurstSensor : Module
{
    private int _reading;

    protected override void Run()
    {
        while (true)
        {
            for (var i = 0; i < 40; i++)
            {
                Write("out", Temperature(_reading++));
            }
            Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public static int Temperature(int reading) => 15 + (((reading * 7) + (reading / 3)) % 11);
}
