using Microsoft.Extensions.Logging;

namespace Midflight.Runtime.Updates;

/// <summary>
/// The health windows of updated instances (DMERT's backout). For a while after an update, the old
/// version's code stays loaded and its snapshot kept; if the new version fails in that time — while
/// restoring its stack, or with any unhandled exception — or is stuck — it holds a request or queued
/// messages and makes no progress for <paramref name="progressTimeout"/>, a loop that never gives
/// control back — the old version is reinstated from the snapshot, with what the new one read
/// replayed; a stuck one is cut off from the bus (<c>backOut</c>'s last argument). Instances one
/// transaction updated — a group's members — are backed out together, in one transaction, when any of
/// them fails while their windows are open: they switched as one, and go back as one. <c>backOut</c>
/// is given the updates to back out, the first the one that failed or is stuck.
/// </summary>
internal sealed partial class HealthWindows(TimeProvider time, TimeSpan length, TimeSpan progressTimeout, Func<IReadOnlyList<UpdatedInstance>, string, bool, Task> backOut, ILogger logger) : IDisposable
{
    private readonly Dictionary<string, Window> _open = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private sealed class Window(UpdatedInstance update)
    {
        /// <summary>The update, with the instance that now runs the new version: it changes when that instance is replaced or moved.</summary>
        public UpdatedInstance Update { get; set; } = update;

        public ITimer? Timer { get; set; }

        /// <summary>Tests, four times per progress timeout, whether the new version is stuck.</summary>
        public ITimer? Watchdog { get; set; }

        /// <summary>The windows the same transaction opened, this one among them.</summary>
        public IReadOnlyList<Window> Together { get; set; } = [];
    }

    /// <summary>How many windows are open now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Opens a window for each updated instance; one still open for the same name closes.</summary>
    public void Open(IEnumerable<UpdatedInstance> updates)
    {
        var together = updates.Select(u => new Window(u)).ToList();
        foreach (var window in together)
        {
            window.Together = together;
            var update = window.Update;
            lock (_lock)
            {
                if (_open.Remove(update.Host.InstanceName, out var earlier))
                {
                    Release(earlier);
                }
                _open[update.Host.InstanceName] = window;
            }
            window.Timer = time.CreateTimer(_ => Close(window), null, length, Timeout.InfiniteTimeSpan);
            window.Watchdog = time.CreateTimer(_ => Watch(window), null, progressTimeout / 4, progressTimeout / 4);
            _ = update.Host.Exited.ContinueWith(_ => OnExited(window), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Carries each open window over to the instance that took the updated one's state and stack in the
    /// same code (a replace or move inside the window, see <see cref="Hosting.ModuleHost.ContinueProbation"/>):
    /// a failure of that instance is backed out as the updated one's would have been.
    /// </summary>
    public void Follow(IEnumerable<(Hosting.ModuleHost From, Hosting.ModuleHost To)> moves)
    {
        foreach (var (from, to) in moves)
        {
            Window? window;
            lock (_lock)
            {
                if (!_open.TryGetValue(from.InstanceName, out window) || window.Update.Host != from)
                {
                    continue;
                }
                _open.Remove(from.InstanceName);
                window.Update = window.Update with { Host = to };
                _open[to.InstanceName] = window;
            }
            _ = to.Exited.ContinueWith(_ => OnExited(window), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>The open window of <paramref name="instance"/>, left in watch: for a dry run of its backout.</summary>
    public UpdatedInstance? Peek(string instance)
    {
        lock (_lock)
        {
            return _open.TryGetValue(instance, out var window) ? window.Update : null;
        }
    }

    /// <summary>The open window of <paramref name="instance"/>, taken out of watch (the caller backs it out), or null.</summary>
    public UpdatedInstance? Take(string instance)
    {
        lock (_lock)
        {
            return _open.Remove(instance, out var window) ? Detach(window) : null;
        }
    }

    /// <summary>Ends a backout: the old code's reference held for it is let go.</summary>
    public static void Finish(UpdatedInstance update) => update.OldCode.Release();

    private void OnExited(Window window)
    {
        List<UpdatedInstance> updates;
        lock (_lock)
        {
            if (window.Update.Host.Fault is null || !IsOpen(window))
            {
                return;
            }
            updates = TakeTogether(window);
        }
        var reason = updates[0].Host.Fault!.Message;
        LogBackingOut(updates[0].Host.InstanceName, reason);
        LogBackingOutTogether(updates);
        _ = backOut(updates, reason, false);
    }

    private void Watch(Window window)
    {
        List<UpdatedInstance> updates;
        string reason;
        lock (_lock)
        {
            if (!IsOpen(window) || window.Update.Host.Stalled(progressTimeout) is not { } stalled)
            {
                return;
            }
            updates = TakeTogether(window);
            reason = stalled;
        }
        LogStuck(updates[0].Host.InstanceName, reason);
        LogBackingOutTogether(updates);
        _ = backOut(updates, reason, true);
    }

    private bool IsOpen(Window window) => _open.TryGetValue(window.Update.Host.InstanceName, out var open) && open == window;

    /// <summary>Takes out of watch <paramref name="failed"/>'s window and those of its transaction still open; the caller holds the lock.</summary>
    private List<UpdatedInstance> TakeTogether(Window failed)
    {
        var taken = new List<UpdatedInstance>();
        foreach (var window in failed.Together.Where(w => w != failed).Prepend(failed).Where(IsOpen))
        {
            _open.Remove(window.Update.Host.InstanceName);
            taken.Add(Detach(window));
        }
        return taken;
    }

    private void LogBackingOutTogether(List<UpdatedInstance> updates)
    {
        if (updates.Count > 1)
        {
            LogTogether(updates[0].Host.InstanceName, string.Join(", ", updates.Skip(1).Select(u => u.Host.InstanceName)));
        }
    }

    private void Close(Window window)
    {
        lock (_lock)
        {
            if (!_open.TryGetValue(window.Update.Host.InstanceName, out var open) || open != window)
            {
                return;
            }
            _open.Remove(window.Update.Host.InstanceName);
            Release(window);
        }
    }

    private static UpdatedInstance Detach(Window window)
    {
        window.Timer?.Dispose();
        window.Watchdog?.Dispose();
        return window.Update;
    }

    private static void Release(Window window)
    {
        Detach(window).Host.EndProbation();
        Finish(window.Update);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var window in _open.Values)
            {
                Release(window);
            }
            _open.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The new version of {Instance} failed in its health window ({Reason}); backing out to the old version")]
    private partial void LogBackingOut(string instance, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backing out with {Instance} the instances updated in the same transaction: {Others}")]
    private partial void LogTogether(string instance, string others);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The new version of {Instance} is stuck in its health window ({Reason}); cutting it off and backing out to the old version")]
    private partial void LogStuck(string instance, string reason);
}
