using System.Collections.Concurrent;
using System.CommandLine;
using Microsoft.Extensions.Logging;
using Midflight.Cli;
using Spectre.Console;

namespace Midflight.Cli.Tests;

/// <summary>Runs the midflight command in process, capturing what it writes and logs.</summary>
internal sealed class CliRun : ILoggerProvider
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _errors = new();
    private readonly ConcurrentQueue<string> _logged = new();

    public static string RepositoryRoot { get; } = FindRoot();

    public string Output => _out.ToString();

    public string Errors => _errors.ToString();

    public IReadOnlyList<string> Logged => [.. _logged];

    public async Task<int> InvokeAsync(params string[] args)
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
        return await MidflightCommand.Create(console, _errors, logging).InvokeAsync(args, new InvocationConfiguration { Output = _out, Error = _errors });
    }

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

    ILogger ILoggerProvider.CreateLogger(string categoryName) => new Logger(_logged);

    void IDisposable.Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> logged) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logged.Enqueue(formatter(state, exception));
    }
}
