namespace Midflight;

/// <summary>
/// The node's side of one worker as the participation code and <see cref="WorkQueue{T}"/> see it: its
/// capture context, and how it waits and is woken. The node makes one per worker and runs the
/// worker's method inside <see cref="Run"/>.
/// </summary>
internal sealed class WorkerThread(string name, CaptureContext context, IWorkerWait wait)
{
    [ThreadStatic]
    private static WorkerThread? t_current;

    /// <summary>The worker the calling thread runs; null on any other thread.</summary>
    public static WorkerThread? Current => t_current;

    /// <summary>Its name in snapshots: the method's, and its index among that method's workers (<c>Crunch[2]</c>).</summary>
    public string Name { get; } = name;

    public CaptureContext Context { get; } = context;

    /// <summary>Runs <paramref name="body"/> as this worker, on the calling thread.</summary>
    public void Run(Action body)
    {
        t_current = this;
        try
        {
            body();
        }
        finally
        {
            t_current = null;
        }
    }

    /// <summary>
    /// Blocks until <paramref name="ready"/> holds; throws <see cref="PointInterruptException"/> if a
    /// reconfiguration asks for the worker while it stands at a point, and
    /// <see cref="OperationCanceledException"/> once the module is deleted.
    /// </summary>
    public void Wait(Func<bool> ready)
    {
        wait.Block(() => ready() || Interrupted || wait.Stopping.IsCancellationRequested);
        wait.Stopping.ThrowIfCancellationRequested();
        if (!ready() && Interrupted)
        {
            throw new PointInterruptException();
        }
    }

    private bool Interrupted => Context is { IsRequested: true, PointSite: not 0 };

    /// <summary>Wakes the worker to look again at what it waits for.</summary>
    public void Ring() => wait.Ring();
}

/// <summary>How a worker's thread blocks and is woken: the node's doorbell for it, and the module's deletion.</summary>
internal interface IWorkerWait
{
    CancellationToken Stopping { get; }

    void Block(Func<bool> ready);

    void Ring();
}
