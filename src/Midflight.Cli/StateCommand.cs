using System.CommandLine;
using System.Net.Http.Headers;
using Midflight.State;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight state dump FILE</c> shows a snapshot file as readable JSON; <c>midflight state capture
/// FILE.mil INSTANCE</c> shows the state of a running instance the same way, or with <c>--out FILE</c>
/// writes it to a snapshot file that <c>dump</c> reads.
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
                SnapshotCodec.CheckSize(path.Length);
                Print(SnapshotCodec.Decode(File.ReadAllBytes(path.FullName)), console);
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
        var output = new Option<FileInfo>("--out") { Description = "Write the snapshot to this file, for 'state dump', instead of printing it" };
        var capture = new Command("capture", "Capture the state of a running prepared instance at its next reconfiguration point, and print it as JSON or write it to a file; it goes on as if it had not stopped")
        {
            configuration, instance, output,
        };
        capture.SetAction((parseResult, cancellationToken) =>
            CaptureAsync(parseResult.GetValue(configuration)!, parseResult.GetValue(instance)!, parseResult.GetValue(output), console, errors, cancellationToken));
        var state = new Command("state", "Work with module state snapshots and the stable store") { dump, capture };
        foreach (var command in StableStoreCommands.Create(console, errors))
        {
            state.Subcommands.Add(command);
        }
        return state;
    }

    // As it goes: the JSON of a deep snapshot is many times its size.
    private static void Print(Snapshot snapshot, IAnsiConsole console)
    {
        SnapshotJson.Write(snapshot, console.Profile.Out.Writer);
        console.Profile.Out.Writer.WriteLine();
    }

    /// <summary>
    /// The state of a running instance, captured by its node, which sends it encoded: written to
    /// <paramref name="output"/> as it came, or printed as <c>dump</c> prints a file.
    /// </summary>
    private static Task<int> CaptureAsync(FileInfo configuration, string instance, FileInfo? output, IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken) =>
        NodeClient.CallAsync(configuration, errors, async http =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"v1/state/{Uri.EscapeDataString(instance)}", UriKind.Relative));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(SnapshotCodec.MediaType));
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await errors.WriteLineAsync($"error: the node refused: {NodeClient.ErrorOf(await response.Content.ReadAsStringAsync(cancellationToken))}");
                return ExitCodes.Refused;
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (output is not null)
            {
                await File.WriteAllBytesAsync(output.FullName, bytes, cancellationToken);
                console.Profile.Out.Writer.WriteLine($"captured {instance} to {output.FullName} ({bytes.Length} bytes)");
                return ExitCodes.Success;
            }
            try
            {
                Print(SnapshotCodec.Decode(bytes), console);
                return ExitCodes.Success;
            }
            catch (SnapshotFormatException exception)
            {
                await errors.WriteLineAsync($"error: the snapshot of '{instance}' cannot be shown: {exception.Message}");
                return ExitCodes.InvalidInput;
            }
        });
}
