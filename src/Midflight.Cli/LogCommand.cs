using System.CommandLine;
using System.Globalization;
using Midflight.Control;
using Midflight.Runtime;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight log FILE [--last N] [--json]</c>: the reconfigurations a node made, from its event
/// log — FILE is the application's configuration (its log is beside it) or the log itself.
/// </summary>
internal static class LogCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) whose node's log to show, or an event log (.db)" };
        var last = new Option<int>("--last") { DefaultValueFactory = _ => 20, Description = "How many of the latest reconfigurations to show" };
        var json = new Option<bool>("--json") { Description = "Print JSON, for scripts" };
        var command = new Command("log", "Show the reconfigurations a node made: who asked, what, when, the pause, the outcome") { file, last, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            if (parseResult.GetValue(last) < 1)
            {
                await errors.WriteLineAsync("error: --last takes a number of reconfigurations, 1 or more");
                return ExitCodes.InvalidInput;
            }
            var database = path.Extension == ".db" ? path.FullName : NodeFiles.EventLog(path);
            IReadOnlyList<ReconfigurationEvent> entries;
            try
            {
                entries = await SqliteEventLog.OpenExisting(database).ReadAsync(parseResult.GetValue(last), cancellationToken);
            }
            catch (FileNotFoundException exception)
            {
                await errors.WriteLineAsync($"{path.FullName}: error: {exception.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (Microsoft.Data.Sqlite.SqliteException exception)
            {
                await errors.WriteLineAsync($"{database}: error: not a Midflight event log: {exception.Message}");
                return ExitCodes.InvalidInput;
            }
            if (parseResult.GetValue(json))
            {
                CliJson.Print(console, entries.Select(LogEntryView.Of).ToList());
            }
            else
            {
                Table(entries).Write(console);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static TableOutput Table(IReadOnlyList<ReconfigurationEvent> entries)
    {
        var table = new TableOutput("#", "when (UTC)", "who", "what", "steps", "paused", "took", "outcome");
        foreach (var entry in entries)
        {
            table.Add(
                entry.Id.ToString(CultureInfo.InvariantCulture),
                entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                entry.RequestedBy,
                entry.Title,
                entry.Steps.ToString(CultureInfo.InvariantCulture),
                Milliseconds(entry.Paused),
                Milliseconds(entry.Duration),
                Outcome(entry));
        }
        return table;
    }

    private static Cell Outcome(ReconfigurationEvent entry) => entry.Outcome switch
    {
        ReconfigurationOutcome.Committed => new Cell("committed", Color.Green),
        ReconfigurationOutcome.InProgress => new Cell("in progress", Color.Yellow),
        ReconfigurationOutcome.Interrupted => new Cell((entry.Error ?? "interrupted").ReplaceLineEndings(" "), Color.Yellow),
        _ => new Cell($"failed: {entry.Error}".ReplaceLineEndings(" "), Color.Red),
    };

    private static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
