namespace Midflight.Runtime.Hosting;

/// <summary>
/// A thread started ahead and parked until it is given what to run: a reconfiguration makes its new
/// modules' threads before it pauses anything, so that inside the pause starting one costs a wake-up
/// (microseconds) instead of the creation of an operating-system thread (a millisecond and more on a
/// loaded machine: the largest part of a replace's pause, measured).
/// </summary>
internal sealed class ParkedThread
{
    private readonly object _gate = new(); // Monitor.Wait needs an object, not a Lock
    private Action? _run;
    private bool _released;

    public ParkedThread(string name)
    {
        Thread = new Thread(Park) { IsBackground = true, Name = name };
        Thread.Start();
    }

    public Thread Thread { get; }

    /// <summary>Runs <paramref name="run"/> on the parked thread.</summary>
    public Thread Go(Action run)
    {
        Release(run);
        return Thread;
    }

    /// <summary>Lets the thread end without running anything: its module never started.</summary>
    public void Abandon() => Release(null);

    private void Release(Action? run)
    {
        lock (_gate)
        {
            if (_released)
            {
                throw new InvalidOperationException("a parked thread runs once");
            }
            (_run, _released) = (run, true);
            Monitor.Pulse(_gate);
        }
    }

    private void Park()
    {
        Action? run;
        lock (_gate)
        {
            while (!_released)
            {
                Monitor.Wait(_gate);
            }
            run = _run;
        }
        run?.Invoke();
    }
}
