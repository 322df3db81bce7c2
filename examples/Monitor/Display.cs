using System.Globalization;

namespace Midflight.Examples.Monitor;

/// <summary>Asks compute for the average of the latest temperatures, then displays it.</summary>
public sealed class Display : Module
{
    /// <summary>How many temperatures each average covers.</summary>
    public const int Count = 4;

    protected override void Run()
    {
        while (true)
        {
            var average = Call<double>("temper", Count);
            Print(string.Create(CultureInfo.InvariantCulture, $"average of the last {Count} temperatures: {average:0.00}"));
            Delay(TimeSpan.FromSeconds(3));
        }
    }
}
