using Midflight;

namespace MidflightApp.Modules;

/// <summary>
/// Sums the readings in batches of <see cref="BatchSize"/> with a recursive procedure, and keeps the
/// total. Its point R (in app.mil) is the read of the next reading, deep in the recursion: the build
/// prepares this class, so a replacement or a new version takes over in the middle of a batch, with
/// the whole stack and <c>total</c>, and no reading is lost.
/// </summary>
public sealed class Stats : Module
{
    public const int BatchSize = 5;

    private long total;
    private long batches;

    protected override void Run()
    {
        while (true)
        {
            long sum = 0;
            Sum(BatchSize, ref sum);
            total += sum;
            batches++;
            Print($"batch {batches}: sum {sum}, total {total}");
        }
    }

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
