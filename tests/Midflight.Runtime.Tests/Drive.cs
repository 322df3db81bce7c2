using Microsoft.Extensions.Time.Testing;
using Midflight.Runtime;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Runs a node on fake time without sleeping: wait until nothing can progress without time passing
/// (the node is idle), then advance the clock a step. Every wait is bounded in real time, so a bug
/// fails the test instead of hanging the run.
/// </summary>
internal static class Drive
{
    private static readonly TimeSpan RealTimeBound = TimeSpan.FromSeconds(60);

    /// <param name="busy">How many modules are known to run for ever (a stuck version): the node counts as settled when no more run.</param>
    public static async Task UntilAsync(Node node, FakeTimeProvider time, Func<bool> done, TimeSpan step, int maxSteps = 20_000, int busy = 0)
    {
        using var bound = new CancellationTokenSource(RealTimeBound);
        for (var i = 0; i < maxSteps; i++)
        {
            await node.WhenIdleAsync(busy, bound.Token);
            if (done())
            {
                return;
            }
            time.Advance(step);
        }
        Assert.Fail($"the condition did not hold after {maxSteps} steps of {step}");
    }

    /// <summary>Lets <paramref name="duration"/> of fake time pass, settling the node after each step.</summary>
    public static async Task ForAsync(Node node, FakeTimeProvider time, TimeSpan duration, TimeSpan step)
    {
        using var bound = new CancellationTokenSource(RealTimeBound);
        for (var passed = TimeSpan.Zero; passed < duration; passed += step)
        {
            await node.WhenIdleAsync(bound.Token);
            time.Advance(step);
        }
        await node.WhenIdleAsync(bound.Token);
    }

    /// <summary>Runs a reconfiguration to its end, advancing time whenever it waits on modules that wait on time.</summary>
    public static async Task<T> CompleteAsync<T>(Node node, FakeTimeProvider time, Task<T> operation, TimeSpan step, int busy = 0)
    {
        await UntilAsync(node, time, () => operation.IsCompleted, step, busy: busy);
        return await operation;
    }
}
