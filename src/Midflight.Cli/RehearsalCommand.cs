using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Midflight.Runtime;
using Midflight.State;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>update FILE INSTANCE --with V --rehearse</c>: the new version rehearsed on a copy of the live
/// state, and run on the messages the live instance takes for a while (<c>--record</c>) or on a file
/// of messages (<c>--messages</c>) — the options it adds to <c>update</c>, and how it asks the node and
/// prints what it found; and <c>midflight record</c>, which writes such a file.
/// </summary>
internal sealed class RehearsalCommand
{
    public Option<bool> Rehearse { get; } = new("--rehearse")
    {
        Description = "Rehearse the update on a copy of the live state, beside the node: the new version takes the instance's snapshot through its state mappers and, with --record or --messages, runs on those messages; its outputs are compared with the live module's; nothing leaves the rehearsal and nothing changes",
    };

    public Option<TimeSpan?> Record { get; } = Duration.Option("--record", "With --rehearse: record what the live instance takes and writes for this long, e.g. 30s, and run the new version on it");

    public Option<FileInfo> Messages { get; } = new("--messages") { Description = "With --rehearse: run the new version on this file of messages, written by 'midflight record' or by hand" };

    public Option<FileInfo> Snapshot { get; } = new("--snapshot") { Description = "With --rehearse: take this snapshot file (from 'state capture --out') instead of the live state, or the recording's" };

    public IEnumerable<Option> Options => [Rehearse, Record, Messages, Snapshot];

    /// <summary>Whether the command gives a rehearsal's input without asking for a rehearsal, which it is then told.</summary>
    public bool InputWithoutRehearse(ParseResult parseResult, TextWriter errors)
    {
        var inputs = parseResult.GetValue(Record) is not null || parseResult.GetValue(Messages) is not null || parseResult.GetValue(Snapshot) is not null;
        if (inputs && !parseResult.GetValue(Rehearse))
        {
            errors.WriteLine("error: --record, --messages and --snapshot are the input of a rehearsal: add --rehearse");
            return true;
        }
        return false;
    }

    /// <summary>Asks the node to rehearse an update of <paramref name="instance"/> — <paramref name="update"/>, a module's <c>with=…</c> or a procedure update's query — and says what it found.</summary>
    public async Task<int> RunAsync(ParseResult parseResult, FileInfo file, string instance, string update, bool asJson, IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken)
    {
        var (record, messages, snapshot) = (parseResult.GetValue(Record), parseResult.GetValue(Messages), parseResult.GetValue(Snapshot));
        if (record is not null && messages is not null)
        {
            await errors.WriteLineAsync("error: a rehearsal runs on recorded messages (--record) or on a file of them (--messages), not both");
            return ExitCodes.InvalidInput;
        }
        if (await BodyAsync(messages, snapshot, errors, cancellationToken) is not { } body)
        {
            return ExitCodes.InvalidInput;
        }
        using (body)
        {
            var query = record is { } length ? $"{update}&recordMs={length.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}" : update;
            return await NodeClient.CallAsync(file, errors, async http =>
            {
                var waiting = record is { } recording ? $"record {instance} for {Seconds(recording)} s, then rehearse" : $"rehearse {instance}";
                var (status, text) = await ChangeReport.WhileWaiting(console, asJson, waiting, async () =>
                {
                    using var response = await http.PostAsync(new Uri($"v1/rehearse/{Uri.EscapeDataString(instance)}?{query}", UriKind.Relative), body, cancellationToken);
                    return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
                });
                if (status == System.Net.HttpStatusCode.BadRequest && messages is not null)
                {
                    InputFile.Report(messages, errors, NodeClient.ErrorOf(text));
                    return ExitCodes.InvalidInput;
                }
                if ((int)status >= 300)
                {
                    await errors.WriteLineAsync($"error: the node refused: {NodeClient.ErrorOf(text)}");
                    return ExitCodes.Refused;
                }
                var rehearsal = JsonSerializer.Deserialize<Rehearsal>(text, CliJson.Options)!;
                if (asJson)
                {
                    CliJson.Print(console, rehearsal);
                }
                else if (rehearsal.Succeeded)
                {
                    Print(console.Profile.Out.Writer, instance, rehearsal);
                }
                if (!rehearsal.Succeeded)
                {
                    await errors.WriteLineAsync($"error: the rehearsal failed: {rehearsal.Failure}; the application was not touched");
                    return ExitCodes.RehearsalFailed;
                }
                if (rehearsal.Run?.Divergence is { } divergence)
                {
                    await errors.WriteLineAsync($"error: the new version's outputs differ from the live module's at {divergence}; the application was not touched");
                    return ExitCodes.RehearsalFailed;
                }
                return ExitCodes.Success;
            });
        }
    }

    /// <summary>What the request carries: nothing, a snapshot, or a file of messages with the snapshot put in it; null if a file cannot be read, which has been reported.</summary>
    private static async Task<HttpContent?> BodyAsync(FileInfo? messages, FileInfo? snapshot, TextWriter errors, CancellationToken cancellationToken)
    {
        byte[]? state = null;
        if (snapshot is not null)
        {
            if (!InputFile.Exists(snapshot, errors))
            {
                return null;
            }
            try
            {
                SnapshotCodec.CheckSize(snapshot.Length);
                state = await File.ReadAllBytesAsync(snapshot.FullName, cancellationToken);
                SnapshotCodec.Decode(state);
            }
            catch (SnapshotFormatException exception)
            {
                InputFile.Report(snapshot, errors, exception.Message);
                return null;
            }
        }
        if (messages is null)
        {
            var content = new ByteArrayContent(state ?? []);
            if (state is not null)
            {
                content.Headers.ContentType = new MediaTypeHeaderValue(SnapshotCodec.MediaType);
            }
            return content;
        }
        if (!InputFile.Exists(messages, errors))
        {
            return null;
        }
        var text = await File.ReadAllBytesAsync(messages.FullName, cancellationToken);
        if (state is not null)
        {
            // The snapshot given goes in the recording, in place of any it holds.
            try
            {
                var recording = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                    ?? throw new JsonException("it is not a JSON object");
                recording["snapshot"] = Convert.ToBase64String(state);
                text = JsonSerializer.SerializeToUtf8Bytes(recording);
            }
            catch (JsonException exception)
            {
                InputFile.Report(messages, errors, $"not a recording: {exception.Message}");
                return null;
            }
        }
        var json = new ByteArrayContent(text);
        json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return json;
    }

    private static void Print(TextWriter output, string instance, Rehearsal rehearsal)
    {
        output.WriteLine($"rehearsed: the new version took {instance}'s state ({Counted.Of(rehearsal.Fields, "field")}, {Counted.Of(rehearsal.Frames, "frame")}"
            + (rehearsal.Mappers.IsDefaultOrEmpty ? "" : $"; state mappers {string.Join(", ", rehearsal.Mappers)}") + ")");
        if (!rehearsal.Switched.IsDefaultOrEmpty)
        {
            output.WriteLine($"switched procedures {string.Join(", ", rehearsal.Switched)}");
        }
        if (rehearsal.Run is { } run)
        {
            var compared = run.LiveOutputs is { } live
                ? run.Divergence is null ? $", as the live module did ({Counted.Of(live, "output")})" : $"; the live module made {Counted.Of(live, "output")}"
                : " (the live module's are not known: nothing to compare)";
            output.WriteLine($"ran on {Counted.Of(run.Messages, "message")}: took {run.Taken}, made {Counted.Of(run.Outputs, "output")}{compared}; it stopped as {run.Ended}");
        }
        output.WriteLine("the application was not touched");
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary><c>midflight record FILE.mil INSTANCE --for DURATION --out FILE.json</c>.</summary>
    public static Command RecordCommand(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) of the running application" };
        var instance = new Argument<string>("instance") { Description = "A prepared instance" };
        var length = Duration.Option("--for", "How long to record, e.g. 30s");
        length.Required = true;
        var output = new Option<FileInfo>("--out") { Required = true, Description = "The file to write the recording to, as JSON, for 'update --rehearse --messages'" };
        var command = new Command("record", "Record what a running prepared instance takes, writes and prints for a while, from a snapshot at its next reconfiguration point to a quiet moment: the messages a rehearsal runs a new version on; it goes on as if nothing happened")
        {
            file, instance, length, output,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var (name, lasting, path) = (parseResult.GetValue(instance)!, parseResult.GetValue(length)!.Value, parseResult.GetValue(output)!);
            return NodeClient.CallAsync(parseResult.GetValue(file)!, errors, async http =>
            {
                var (succeeded, bytes) = await ChangeReport.WhileWaiting(console, asJson: false, $"record {name} for {Seconds(lasting)} s", async () =>
                {
                    using var response = await http.PostAsync(new Uri($"v1/record/{Uri.EscapeDataString(name)}?lengthMs={lasting.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative), null, cancellationToken);
                    return (response.IsSuccessStatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
                });
                if (!succeeded)
                {
                    await errors.WriteLineAsync($"error: the node refused: {NodeClient.ErrorOf(System.Text.Encoding.UTF8.GetString(bytes))}");
                    return ExitCodes.Refused;
                }
                await File.WriteAllBytesAsync(path.FullName, bytes, cancellationToken);
                using var recording = JsonDocument.Parse(bytes);
                var root = recording.RootElement;
                var ending = root.TryGetProperty("ending", out var why) ? $"; {why.GetString()}" : "";
                console.Profile.Out.Writer.WriteLine(
                    $"recorded {name} for {root.GetProperty("length").GetDouble().ToString("0.###", CultureInfo.InvariantCulture)} s: {Counted.Of(root.GetProperty("received").GetArrayLength(), "message")} taken, "
                    + $"{Counted.Of(root.GetProperty("outputs").GetArrayLength(), "output")}{ending}; written to {path.FullName}");
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
