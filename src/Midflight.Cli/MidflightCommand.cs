using System.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>The <c>midflight</c> command and its verbs, built over the consoles it writes to (tests pass their own).</summary>
internal static class MidflightCommand
{
    public static RootCommand Create(IAnsiConsole console, TextWriter errors, ILoggerFactory loggerFactory) =>
        new RootCommand("Midflight: change a running application without stopping it")
        {
            RunCommand.Create(console, errors, loggerFactory),
            NodeCommand.Create(console, errors, loggerFactory),
            CheckCommand.Create(console, errors),
            StateCommand.Create(console, errors),
            RehearsalCommand.RecordCommand(console, errors),
            LogCommand.Create(console, errors),
            StatusCommand.Create(console, errors),
            DashboardCommand.Create(console, errors),
            ScriptCommand.Create(console, errors),
            TokenCommand.Create(console, errors),
        }.WithSubcommands(ChangeCommands.Create(console, errors)).WithSubcommands(SigningCommands.Create(console, errors));

    /// <summary>
    /// Parses and runs a command line. A malformed one gets its errors alone, as compilers give theirs,
    /// not buried under the verb's whole help (<c>--help</c> shows that).
    /// </summary>
    public static Task<int> InvokeAsync(this RootCommand command, string[] args, InvocationConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var parsed = command.Parse(args);
        if (parsed.Action is System.CommandLine.Invocation.ParseErrorAction error)
        {
            error.ShowHelp = false;
        }
        return parsed.InvokeAsync(configuration, cancellationToken);
    }

    public static ILoggerFactory ConsoleLogging() => LoggerFactory.Create(logging => logging
        .AddConsole(console => console.FormatterName = ConsoleLogFormatter.Name)
        .AddConsoleFormatter<ConsoleLogFormatter, ConsoleFormatterOptions>(format => format.TimestampFormat = "HH:mm:ss ")
        .AddFilter("Microsoft", LogLevel.Warning)
        .SetMinimumLevel(LogLevel.Information));

    private static RootCommand WithSubcommands(this RootCommand root, IEnumerable<Command> commands)
    {
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }
        return root;
    }
}
