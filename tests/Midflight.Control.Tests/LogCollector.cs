using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Midflight.Control.Tests;

/// <summary>Keeps every line logged, for tests to look at.</summary>
internal sealed class LogCollector : ILoggerProvider, ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception));

    public void Dispose()
    {
    }
}
