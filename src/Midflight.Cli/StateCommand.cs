using System.CommandLine;
using Midflight.State;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight state dump FILE</c> shows a snapshot file as readable JSON; <c>midflight state capture
/// FILE.mil INSTANCE</c> shows the state of a running instance.
/// </summary>
internal static class StateCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "A snapshot file" };
        var dump = new Command("dump", "Print a snapshot as JSON: its frames, fields, heap objects and queued messages") { file };
        dump.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            if (!InputFile.Exists(path, errors))
            {
                return ExitCodes.InvalidInput;
            }
            try
            {
                var snapshot = SnapshotCodec.Decode(File.ReadAllBytes(path.FullName));
                console.Profile.Out.Writer.WriteLine(SnapshotJson.Write(snapshot));
                return ExitCodes.Success;
            }
            catch (SnapshotFormatException exception)
            {
                InputFile.Report(path, errors, exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        var configuration = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) of the running application" };
        var instance = new Argument<string>("instance") { Description = "A prepared instance" };
        var capture = new Command("capture", "Capture the state of a running prepared instance at its next reconfiguration point, and print it as JSON; it goes on as if it had not stopped") { configuration, instance };
        capture.SetAction((parseResult, cancellationToken) => StatusCommand.CaptureAsync(parseResult.GetValue(configuration)!, parseResult.GetValue(instance)!, console, errors, cancellationToken));
        return new Command("state", "Work with module state snapshots") { dump, capture };
    }
}
