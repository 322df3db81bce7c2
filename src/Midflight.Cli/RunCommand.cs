using System.CommandLine;
using Microsoft.Extensions.Logging;
using Midflight.Control;
using Midflight.Runtime;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight run FILE [--for DURATION] [--health-window DURATION]</c>: runs an application on the
/// embedded node until the duration is over or the user presses Ctrl+C, then stops every module cleanly.
/// </summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors, ILoggerFactory loggerFactory)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil)" };
        var duration = Duration.Option("--for", "Stop after this long, e.g. 30s, 5m or 1h (default: until Ctrl+C)");
        var healthWindow = Duration.Option("--health-window",
            "How long after an update the old version is kept to back out to, automatically or by rollback --from-snapshot, e.g. 5m (default: 30s)");
        var command = new Command("run", "Run an application on the embedded node (one node, nothing else to install)") { file, duration, healthWindow };
        command.SetAction((parseResult, cancellationToken) =>
            Run(parseResult.GetValue(file)!, parseResult.GetValue(duration), parseResult.GetValue(healthWindow), console, errors, loggerFactory, cancellationToken));
        return command;
    }

    private static async Task<int> Run(FileInfo file, TimeSpan? duration, TimeSpan? healthWindow, IAnsiConsole console, TextWriter errors, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var configuration = ConfigurationFile.Load(file, console, errors);
        if (configuration is null)
        {
            return ExitCodes.InvalidInput;
        }
        var defaults = new NodeOptions();
        var options = defaults with
        {
            HealthWindow = healthWindow ?? defaults.HealthWindow,
            BaseDirectory = file.DirectoryName!,
            LoggerFactory = loggerFactory,
            Output = new SpectreModuleOutput(console),
            EventLog = await SqliteEventLog.OpenAsync(NodeFiles.EventLog(file), cancellationToken),
        };
        console.MarkupLine($"Starting [bold]{Markup.Escape(configuration.Application.Name)}[/] from {Markup.Escape(file.Name)} (modules are built first if need be)");
        Node node;
        try
        {
            node = await Node.StartAsync(configuration, options, cancellationToken);
        }
        catch (ReconfigurationException exception)
        {
            InputFile.Report(file, errors, $"the application could not start: {exception.Message}");
            return ExitCodes.StartFailed;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Success;
        }
        await using (node)
        await using (var control = await ControlEndpoint.StartAsync(node, NodeFiles.Control(file), loggerFactory, cancellationToken))
        {
            console.MarkupLine($"Control endpoint on {Markup.Escape(control.Address.ToString())} (its token is in {Markup.Escape(NodeFiles.Control(file).TokenFile)}; [bold]midflight status {Markup.Escape(file.Name)}[/] uses it)");
            console.MarkupLine(duration is { } limit
                ? $"Running for {limit}; press Ctrl+C to stop sooner"
                : "Running; press Ctrl+C to stop");
            try
            {
                await Task.Delay(duration ?? Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                console.MarkupLine("Ctrl+C: stopping");
            }
            await node.StopAsync(CancellationToken.None);
        }
        console.MarkupLine("Stopped");
        return ExitCodes.Success;
    }
}
