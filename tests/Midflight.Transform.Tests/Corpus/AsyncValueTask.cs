// points: R
// Async methods returning ValueTask and ValueTask<T>, recursing.
namespace Corpus;

public sealed class AsyncValueTask : Midflight.AsyncModule
{
    private int _calls;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var n = 1; n <= 3; n++)
        {
            var product = await FactorialAsync(n + 2);
            await NoteAsync(n, product);
        }
        Print($"calls {_calls}");
    }

    private async ValueTask<long> FactorialAsync(int n)
    {
        _calls++;
        if (n <= 1)
        {
            return 1;
        }
        var rest = await FactorialAsync(n - 1);
    R:
        Print($"{n}! needs {rest}");
        return n * rest;
    }

    private async ValueTask NoteAsync(int n, long product)
    {
        await Task.Yield();
        Print($"round {n}: {product}");
    }
}
