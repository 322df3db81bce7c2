using Microsoft.Extensions.Hosting;

namespace Midflight.Cli;

/// <summary>
/// The lifetime of the host <c>midflight run</c> builds: the command itself waits for Ctrl+C, SIGTERM
/// or the end of <c>--for</c> (<see cref="StopSignal"/>) and stops the host, so the host neither
/// listens for signals nor prints what the console lifetime would.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
