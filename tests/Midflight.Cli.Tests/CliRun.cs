using System.Collections.Concurrent;
using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Midflight.Cli;
using Spectre.Console;

namespace Midflight.Cli.Tests;

/// <summary>Runs the midflight command in process, capturing what it writes and logs.</summary>
internal sealed class CliRun : ILoggerProvider
{
    private readonly NotifyingWriter _out;
    private readonly NotifyingWriter _errors;
    private readonly ConcurrentQueue<string> _logged = new();
    private TaskCompletionSource _written = NewSignal();

    public CliRun()
    {
        _out = new NotifyingWriter(Written);
        _errors = new NotifyingWriter(Written);
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public string Output => _out.ToString();

    public string Errors => _errors.ToString();

    public IReadOnlyList<string> Logged => [.. _logged];

    /// <summary>Every line it printed so far, trimmed: its output, its errors, then what it logged.</summary>
    public IReadOnlyList<string> Lines => [.. Output.Split('\n').Concat(Errors.Split('\n')).Concat(_logged).Select(l => l.Trim())];

    public Task<int> InvokeAsync(params string[] args) => InvokeAsync(args, CancellationToken.None);

    /// <summary>Runs the command; cancelling <paramref name="cancellationToken"/> is the user's Ctrl+C.</summary>
    public async Task<int> InvokeAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_out),
        });
        console.Profile.Width = 240;
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(this));
        return await MidflightCommand.Create(console, _errors, logging).InvokeAsync([.. args], new InvocationConfiguration { Output = _out, Error = _errors }, cancellationToken);
    }

    /// <summary>Waits until it has printed a line that matches <paramref name="line"/>, or <paramref name="timeout"/> is over (false).</summary>
    public async Task<bool> WaitForLineAsync(Regex line, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            // Taken before the lines are read, so a line written in between completes it.
            var written = Volatile.Read(ref _written).Task;
            if (Lines.Any(line.IsMatch))
            {
                return true;
            }
            try
            {
                await written.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Written() => Interlocked.Exchange(ref _written, NewSignal()).TrySetResult();

    public static string PathOf(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Midflight.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("the tests run outside the repository: no Midflight.slnx above " + AppContext.BaseDirectory);
    }

    ILogger ILoggerProvider.CreateLogger(string categoryName) => new Logger(_logged, Written);

    void IDisposable.Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> logged, Action written) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            logged.Enqueue(formatter(state, exception));
            written();
        }
    }
}
