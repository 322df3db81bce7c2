namespace Midflight.Benchmarks;

// The module of the many-modules harness, loaded by the node from this assembly into a load context of its own.

/// <summary>Use <c>in</c> {integer}: an async module idle in a read, holding nothing of its own.</summary>
public sealed class Idler : AsyncModule
{
    protected internal override async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await ReadAsync("in", cancellationToken);
        }
    }
}
