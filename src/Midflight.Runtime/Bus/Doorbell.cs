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
    // The longest pause in which a stream's batch gathers, in spin iterations the runtime makes about
    // equal across machines: some two microseconds, a few dozen messages of a fast writer, and no
    // more than a reader woken through the kernel would have lost.
    private const int MaxGather = 64;

    private int _gather; // module thread only

    /// <summary>Whether its waiter has armed it to sleep and no ringer has taken it since.</summary>
    public bool IsArmed => Volatile.Read(ref _armed) is not null;

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
        if (!Spin(ready))
        {
            Block(ready);
        }
    }

    /// <summary>Spins a little, testing <paramref name="ready"/>; whether it came to hold.</summary>
    /// <remarks>
    /// A reader that keeps up with its writer would otherwise block and be woken through the kernel
    /// every few messages, which costs far more than the messages. But a reader that tests its queue
    /// as fast as it can falls into step with a fast writer: it takes each message as soon as it is
    /// written, and every message then moves the queue's cache lines from one core to the other and
    /// back, which costs the writer several times what the message does. So a wait that ended at its
    /// first test — a stream — is followed by a short pause before the next wait's first test, in
    /// which a batch gathers; a wait that took longer (a reply, a message now and then) ends the pause.
    /// </remarks>
    public bool Spin(Func<bool> ready)
    {
        var gather = _gather;
        if (gather > 0)
        {
            Thread.SpinWait(gather);
        }
        var spinner = new SpinWait();
        while (spinner.Count < SpinsBeforeBlocking)
        {
            if (ready())
            {
                Gather(spinner.Count == 0 ? Math.Min(Math.Max(2 * gather, 1), MaxGather) : 0);
                return true;
            }
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        Gather(0);
        return false;
    }

    /// <summary>
    /// Sets the next pause, writing only a change: the field shares its cache line with the one every
    /// writer reads to ring, and a stream at its longest pause keeps it as it is.
    /// </summary>
    private void Gather(int gather)
    {
        if (_gather != gather)
        {
            _gather = gather;
        }
    }

    /// <summary>Blocks the calling module thread, without spinning first, until <paramref name="ready"/> holds.</summary>
    public void Block(Func<bool> ready)
    {
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
    /// <remarks>
    /// For a waiter that loops on it itself, as <see cref="WaitAsync"/> does, to keep one state machine
    /// fewer while it waits: an idle module's bytes, times a hundred thousand.
    /// </remarks>
    public Task? Arm(Func<bool> ready)
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
