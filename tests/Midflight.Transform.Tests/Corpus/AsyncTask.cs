// points: R, R2
// An async module whose path goes through async methods returning Task and Task<T>.
namespace Corpus;

public sealed class AsyncTask : Midflight.AsyncModule
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        for (var i = 1; i <= 5; i++)
        {
            var value = await SquareAsync(i);
            total += value;
            await ReportAsync(i, total);
        }
        Print($"total {total}");
    }

    private async Task<int> SquareAsync(int i)
    {
        await Task.Yield();
        var square = i * i;
    R:
        Print($"square {i} = {square}");
        return square;
    }

    private async Task ReportAsync(int i, int total)
    {
        await Task.Yield();
        var line = $"after {i}: {total}";
        var printed = await EchoAsync(line).ConfigureAwait(false);
        Print(printed);
    }

    private async Task<string> EchoAsync(string line)
    {
    R2:
        await Task.Yield();
        return line.ToUpperInvariant();
    }
}
