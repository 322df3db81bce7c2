using System.CommandLine;
using System.Globalization;
using Midflight.Control;
using Midflight.Runtime;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight state stable FILE.mil</c> lists what the stable store beside a configuration holds;
/// <c>midflight state forget FILE.mil GROUP</c> deletes a stable group's records, while no node runs,
/// so that the next run starts its members as the configuration says.
/// </summary>
internal static class StableStoreCommands
{
    /// <summary>A member's record as <c>--json</c> prints it: no assembly, no state, only what says which and when.</summary>
    private sealed record RecordView(string Instance, string Group, string Module, string Source, string Hash, int StateBytes, DateTimeOffset CommittedAt);

    public static IEnumerable<Command> Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) whose node keeps the stable store" };
        var json = new Option<bool>("--json") { Description = "Print JSON, for scripts" };
        var list = new Command("stable", "List the stable store beside a configuration: each stable member's version and when its state was last committed") { file, json };
        list.SetAction(parseResult => List(parseResult.GetValue(file)!, parseResult.GetValue(json), console, errors));
        var group = new Argument<string>("group") { Description = "The stable group whose records to delete" };
        var forget = new Command("forget", "Delete a stable group's records, so that the next run starts its members as the configuration says (refused while the node runs)") { file, group };
        forget.SetAction(parseResult => Forget(parseResult.GetValue(file)!, parseResult.GetValue(group)!, console, errors));
        return [list, forget];
    }

    private static int List(FileInfo file, bool json, IAnsiConsole console, TextWriter errors) => WithStore(file, console, errors, (store, application) =>
    {
        var records = store.Read(application).Select(r => new RecordView(r.Instance, r.Group, r.Module, r.Version.Source, r.Version.Hash, r.State.Length, r.At)).ToList();
        if (json)
        {
            CliJson.Print(console, records);
            return ExitCodes.Success;
        }
        var table = new TableOutput("instance", "group", "module", "version", "sha-256", "state", "committed");
        foreach (var record in records)
        {
            table.Add(record.Instance, record.Group, record.Module, record.Source, StableVersion.Short(record.Hash),
                $"{record.StateBytes.ToString(CultureInfo.InvariantCulture)} bytes", record.CommittedAt.ToString("u", CultureInfo.InvariantCulture));
        }
        table.Write(console);
        return ExitCodes.Success;
    });

    private static int Forget(FileInfo file, string group, IAnsiConsole console, TextWriter errors) => WithStore(file, console, errors, (store, application) =>
    {
        // Held while it deletes: no node starts from the store, or writes it, meanwhile.
        using var running = NodeFiles.Control(file).Lock();
        var forgotten = store.Forget(application, group);
        if (forgotten == 0)
        {
            InputFile.Report(file, errors, $"the stable store holds no record of group '{group}'");
            return ExitCodes.InvalidInput;
        }
        console.Profile.Out.Writer.WriteLine($"forgot {Counted.Of(forgotten, "record")} of group '{group}': the next run starts its members as {file.Name} says");
        return ExitCodes.Success;
    });

    private static int WithStore(FileInfo file, IAnsiConsole console, TextWriter errors, Func<SqliteStableStore, string, int> work)
    {
        if (ConfigurationFile.Load(file, console, errors) is not { } configuration)
        {
            return ExitCodes.InvalidInput;
        }
        try
        {
            return work(SqliteStableStore.OpenExisting(NodeFiles.StableStore(file)), configuration.Application.Name);
        }
        catch (Exception exception) when (exception is FileNotFoundException or StableStoreException)
        {
            InputFile.Report(file, errors, exception.Message);
            return ExitCodes.InvalidInput;
        }
        catch (NodeAlreadyRunningException exception)
        {
            InputFile.Report(file, errors, $"{exception.Message}; stop it first: a running node writes the stable store");
            return ExitCodes.Refused;
        }
    }
}
