namespace Midflight.Runtime.Hosting;

/// <summary>How a module's program runs: a <see cref="Module"/> on a thread of its own, an <see cref="AsyncModule"/> on the thread pool.</summary>
internal static class ModuleRun
{
    /// <summary>
    /// Starts <paramref name="module"/>'s program inside <paramref name="toEnd"/>, which sees it through to
    /// its end, whatever that is; <paramref name="stopping"/> is an async module's cancellation. A
    /// threaded module runs on <paramref name="parked"/>, a thread made ahead, if given one.
    /// </summary>
    /// <returns>The thread of a threaded module, named <paramref name="threadName"/>; null for an async one.</returns>
    public static Thread? Start(ModuleBase module, string threadName, Func<Func<Task>, Task> toEnd, CancellationToken stopping, ParkedThread? parked = null)
    {
        switch (module)
        {
            case Module threaded:
                void Run() => toEnd(() => { threaded.Run(); return Task.CompletedTask; }).GetAwaiter().GetResult();
                if (parked is not null)
                {
                    return parked.Go(Run);
                }
                var thread = new Thread(Run)
                {
                    IsBackground = true,
                    Name = threadName,
                };
                thread.Start();
                return thread;
            case AsyncModule asynchronous:
                parked?.Abandon();
                // Queued rather than Task.Run: toEnd's task is all that is kept of the start, not a
                // task of Task.Run's and a promise unwrapping it (an idle module's bytes, times 100,000).
                ThreadPool.QueueUserWorkItem(static start => _ = start.toEnd(start.run), (toEnd, run: (Func<Task>)(() => asynchronous.RunAsync(stopping))), preferLocal: false);
                return null;
            default:
                throw new ArgumentException($"{module.GetType()} is neither a Module nor an AsyncModule", nameof(module));
        }
    }
}
