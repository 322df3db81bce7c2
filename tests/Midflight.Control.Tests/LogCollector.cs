using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Midflight.Control.Tests;

/// <summary>Keeps every line logged, for tests to look at.</summary>
internal sealed class LogCollector : ILoggerProvider, ILogger
{
    private TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Whether a line that <paramref name="matches"/> is logged within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForAsync(Func<string, bool> matches, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            // Taken before the lines are read, so a line logged in between completes it.
            var logged = Volatile.Read(ref _logged).Task;
            if (Lines.Any(matches))
            {
                return true;
            }
            try
            {
                await logged.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Enqueue(formatter(state, exception));
        Interlocked.Exchange(ref _logged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public void Dispose()
    {
    }
}
