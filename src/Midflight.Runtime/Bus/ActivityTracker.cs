namespace Midflight.Runtime.Bus;

/// <summary>
/// Counts the modules of a node that are running rather than waiting, and tells when none is.
/// A node at zero is quiescent: every module is blocked in a read, a delay or a pause, and nothing
/// is in flight that could wake one, since a write wakes its reader (and counts it) before it
/// returns. Tests on fake time use this to advance the clock only when the node has settled.
/// </summary>
internal sealed class ActivityTracker
{
    private readonly Lock _lock = new();
    private readonly List<(TaskCompletionSource Waiter, int Busy)> _idleWaiters = [];
    private int _active;
    private int _mostBusy; // the most modules a waiter lets run: under _lock, read by Suspended

    /// <summary>A module begins running, or is woken from a wait.</summary>
    public void Resumed() => Interlocked.Increment(ref _active);

    /// <summary>A module begins waiting, or its run ends.</summary>
    public void Suspended()
    {
        if (Interlocked.Decrement(ref _active) <= Volatile.Read(ref _mostBusy))
        {
            SignalIdle();
        }
    }

    /// <summary>Counts work other than a module's (a reconfiguration) as activity until disposed.</summary>
    public Scope Working()
    {
        Resumed();
        return new Scope(this);
    }

    public readonly struct Scope(ActivityTracker tracker) : IDisposable
    {
        public void Dispose() => tracker.Suspended();
    }

    /// <summary>Completes when no more than <paramref name="busy"/> modules run: none, unless some are known to run for ever (a stuck version).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken, int busy = 0)
    {
        lock (_lock)
        {
            // Published before the count is read, as Suspended decrements before it reads this: one of them sees the other.
            Interlocked.Exchange(ref _mostBusy, Math.Max(_mostBusy, busy));
            if (Volatile.Read(ref _active) <= busy)
            {
                return Task.CompletedTask;
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _idleWaiters.Add((waiter, busy));
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    private void SignalIdle()
    {
        lock (_lock)
        {
            // Re-checked under the lock: a module may have been woken since the count fell.
            var active = Volatile.Read(ref _active);
            foreach (var (waiter, _) in _idleWaiters.Where(w => w.Busy >= active))
            {
                waiter.TrySetResult();
            }
            _idleWaiters.RemoveAll(w => w.Waiter.Task.IsCompleted);
            Volatile.Write(ref _mostBusy, _idleWaiters.Count == 0 ? 0 : _idleWaiters.Max(w => w.Busy));
        }
    }
}
