using Midflight.Runtime.Bus;

namespace Midflight.Runtime.Hosting;

/// <summary>
/// Waits for module instances to hold still — parked at quiet moments, or stopped at reconfiguration
/// points with their stacks captured — on the node's clock, counting the waiting reconfiguration as
/// suspended in the meantime: while it waits, only the modules can make progress.
/// </summary>
internal static class Quiescence
{
    /// <summary>Asks each instance to hold still with <paramref name="hold"/> (<see cref="ModuleHost.PauseAsync"/> or <see cref="ModuleHost.CaptureAsync"/>) and waits at most <paramref name="timeout"/>.</summary>
    /// <returns>The instances that did not hold still in time; empty when all did.</returns>
    public static async Task<IReadOnlyList<ModuleHost>> HoldAllAsync(
        IReadOnlyList<ModuleHost> hosts, Func<ModuleHost, Task> hold, BusServices services, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pauses = hosts.Select(hold).ToList();
        var bell = new Doorbell(services.Activity);
        var expired = new TaskCompletionSource();
        foreach (var pause in pauses)
        {
            // Rung synchronously on the module's thread as it parks, before it stops counting as
            // active, so the node never looks idle between the last pause and this wait's wake-up.
            _ = pause.ContinueWith(static (_, state) => ((Doorbell)state!).Ring(), bell, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        await using var timer = services.Time.CreateTimer(
            static state =>
            {
                var (deadline, wake) = ((TaskCompletionSource, Doorbell))state!;
                deadline.TrySetResult();
                wake.Ring();
            },
            (expired, bell), timeout, Timeout.InfiniteTimeSpan).ConfigureAwait(false);
        await using var registration = cancellationToken.Register(static state => ((Doorbell)state!).Ring(), bell).ConfigureAwait(false);
        await bell.WaitAsync(() => pauses.TrueForAll(p => p.IsCompleted) || expired.Task.IsCompleted || cancellationToken.IsCancellationRequested)
            .ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return [.. hosts.Where((_, i) => !pauses[i].IsCompleted)];
    }
}
