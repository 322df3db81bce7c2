// points: R, R2
// Deep async recursion returning Task<T>, with an async local function.
namespace Corpus;

public sealed class AsyncRecursion : Midflight.AsyncModule
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var total = await SumAsync(12);
        Print($"total {total}");
        var counted = await CountDown(3);
        Print($"counted {counted}");

        async Task<int> CountDown(int n)
        {
            if (n == 0)
            {
                return 0;
            }
        R2:
            Print($"count {n}");
            var rest = await CountDown(n - 1);
            return rest + 1;
        }
    }

    private async Task<long> SumAsync(int n)
    {
        if (n == 0)
        {
            return 0;
        }
        var rest = await SumAsync(n - 1);
        if (n % 3 == 0)
        {
            await Task.Yield();
        }
    R:
        Print($"sum {n} = {rest + n}");
        return rest + n;
    }
}
