namespace Midflight.Runtime.Bus;

/// <summary>
/// How a module waits and is woken: for a message on one of its queues, a timer, or a control
/// request. One module thread waits on it; any thread may ring it.
/// </summary>
/// <remarks>
/// The waiter publishes a fresh completion source, then re-tests its condition; a ringer that comes
/// after the publication takes the source and completes it. Taking is a compare-and-swap, so exactly
/// one of "the waiter disarms it" and "a ringer completes it" happens: no wake-up is lost, and the
/// activity count is adjusted once per wait. Waiting allocates; the hot path (a message already
/// queued) never waits.
/// </remarks>
internal sealed class Doorbell(ActivityTracker activity)
{
    // Ten busy spins, then yields: a few tens of microseconds before a thread blocks, enough to
    // bridge the gaps of a steady stream, negligible when a module goes idle.
    private const int SpinsBeforeBlocking = 40;

    private TaskCompletionSource? _armed;

    public void Ring()
    {
        var armed = Volatile.Read(ref _armed);
        if (armed is not null && Interlocked.CompareExchange(ref _armed, null, armed) == armed)
        {
            // Counted as running before the module's thread even wakes, so the node never looks idle
            // between a write and its reader's wake-up.
            activity.Resumed();
            armed.TrySetResult();
        }
    }

    /// <summary>Blocks the calling module thread until <paramref name="ready"/> holds.</summary>
    /// <remarks>
    /// A ring means "look again", not "ready": every message on any of the module's queues rings, so
    /// the condition is tested again after each wake-up, and the wait goes on if it does not hold.
    /// </remarks>
    public void Wait(Func<bool> ready)
    {
        // Spin a little first: a reader that keeps up with its writer would otherwise block and be
        // woken through the kernel every few messages, which costs far more than the messages.
        var spinner = new SpinWait();
        while (spinner.Count < SpinsBeforeBlocking)
        {
            if (ready())
            {
                return;
            }
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        while (Arm(ready) is { } wake)
        {
            wake.Wait();
        }
    }

    public async ValueTask WaitAsync(Func<bool> ready)
    {
        while (Arm(ready) is { } wake)
        {
            await wake.ConfigureAwait(false);
        }
    }

    /// <summary>Returns the task to wait for, or null when <paramref name="ready"/> already holds.</summary>
    private Task? Arm(Func<bool> ready)
    {
        var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _armed, armed);
        if (ready())
        {
            if (Interlocked.CompareExchange(ref _armed, null, armed) != armed)
            {
                // A ringer took it in the meantime and counted this module as woken: undo that.
                activity.Suspended();
            }
            return null;
        }
        activity.Suspended();
        return armed.Task;
    }
}
