using Midflight;

namespace MidflightApp.Modules;

/// <summary>
/// The second version of stats: the total is a decimal, which never overflows, and each batch also
/// prints the mean so far. The running version's <c>long total</c> is converted by the state mapper
/// as the update switches, in the middle of a batch:
/// <c>midflight update app.mil stats --with updates/MidflightApp.Stats.V2/MidflightApp.Stats.V2.csproj</c>.
/// </summary>
public sealed class Stats : Module
{
    public const int BatchSize = 5;

    private decimal total;
    private long batches;

    protected override void Run()
    {
        while (true)
        {
            long sum = 0;
            Sum(BatchSize, ref sum);
            total += sum;
            batches++;
            Print($"batch {batches}: sum {sum}, total {total}, mean {total / (batches * BatchSize):0.00} (v2)");
        }
    }

    /// <summary>The old version's <c>total</c>, a long: the same number, as a decimal.</summary>
    [StateMapper("total")]
    private void FromLong(long total) => this.total = total;

    private void Sum(int n, ref long sum)
    {
        int reading;
        if (n == 0)
        {
            return;
        }
        Sum(n - 1, ref sum);
    R:
        reading = Read<int>("readings");
        sum += reading;
    }
}
