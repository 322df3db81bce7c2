using System.CommandLine;
using Midflight.State;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary><c>midflight state dump FILE</c>: shows a snapshot file as readable JSON.</summary>
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
        return new Command("state", "Work with module state snapshots") { dump };
    }
}
