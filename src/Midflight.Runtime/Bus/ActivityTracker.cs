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
    private readonly List<TaskCompletionSource> _idleWaiters = [];
    private int _active;

    /// <summary>A module begins running, or is woken from a wait.</summary>
    public void Resumed() => Interlocked.Increment(ref _active);

    /// <summary>A module begins waiting, or its run ends.</summary>
    public void Suspended()
    {
        if (Interlocked.Decrement(ref _active) == 0)
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

    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Volatile.Read(ref _active) == 0)
            {
                return Task.CompletedTask;
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _idleWaiters.Add(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    private void SignalIdle()
    {
        lock (_lock)
        {
            // Re-checked under the lock: a module may have been woken since the count reached zero.
            if (Volatile.Read(ref _active) != 0)
            {
                return;
            }
            foreach (var waiter in _idleWaiters)
            {
                waiter.TrySetResult();
            }
            _idleWaiters.Clear();
        }
    }
}
