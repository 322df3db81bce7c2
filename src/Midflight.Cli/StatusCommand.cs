using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Midflight.Control;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// The verbs that talk to a running node through its control endpoint: <c>status</c> and
/// <c>replace</c>. They find the node's address and token beside its configuration.
/// </summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEnumerable<Command> Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) of the running application" };
        var json = new Option<bool>("--json") { Description = "Print JSON, for scripts" };
        var status = new Command("status", "Show a running node's instances — module, what each is doing, queue depths — and bindings") { file, json };
        status.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = parseResult.GetValue(file)!;
            return await Call(configuration, errors, async http =>
            {
                var view = (await http.GetFromJsonAsync<StatusView>("/v1/status", Json, cancellationToken))!;
                if (parseResult.GetValue(json))
                {
                    console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(view, Json));
                    return ExitCodes.Success;
                }
                var table = new Table().AddColumns("instance", "module", "doing", "queued");
                foreach (var instance in view.Instances)
                {
                    var doing = instance.WaitingFor is null ? instance.Status : $"{instance.Status} ({instance.WaitingFor})";
                    table.AddRow(Markup.Escape(instance.Name), Markup.Escape(instance.Module),
                        Markup.Escape(doing + (instance.AwaitedAtPoint ? ", awaited at its next reconfiguration point" : "")),
                        Markup.Escape(string.Join(", ", instance.QueueDepths.Select(q => $"{q.Key}: {q.Value}"))));
                }
                console.Write(table);
                foreach (var binding in view.Bindings)
                {
                    console.WriteLine($"bind {binding}");
                }
                return ExitCodes.Success;
            });
        });

        var instanceName = new Argument<string>("instance") { Description = "The instance to replace" };
        var timeout = Duration.Option("--timeout", "Give up, the application untouched, if the moment has not come within this long, e.g. 5s (default: the node's)");
        var whenIdle = new Option<string[]>("--when-idle")
        {
            Description = "Happen only when these instances are idle, at a quiet moment with no request in progress: --when-idle x,y",
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        var replace = new Command("replace", "Replace an instance of a running application by a new one of the same module, at its next reconfiguration point (or quiet moment)") { file, instanceName, timeout, whenIdle };
        replace.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = parseResult.GetValue(file)!;
            return await Call(configuration, errors, async http =>
            {
                var parameters = new List<string>();
                if (parseResult.GetValue(timeout) is { } limit)
                {
                    parameters.Add("timeoutMs=" + limit.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                if (parseResult.GetValue(whenIdle) is { Length: > 0 } idle)
                {
                    parameters.Add("whenIdle=" + Uri.EscapeDataString(string.Join(',', idle)));
                }
                var query = parameters.Count == 0 ? "" : "?" + string.Join('&', parameters);
                using var response = await http.PostAsync(new Uri($"/v1/replace/{Uri.EscapeDataString(parseResult.GetValue(instanceName)!)}{query}", UriKind.Relative), null, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await errors.WriteLineAsync($"error: the node refused: {text}");
                    return ExitCodes.Refused;
                }
                var result = JsonSerializer.Deserialize<ReconfigurationView>(text, Json)!;
                console.MarkupLine($"replaced in {result.DurationMs:0.###} ms, paused {result.PausedMs:0.###} ms"
                    + string.Concat(result.MovedFrames.Select(m => $"; {Markup.Escape(m.Key)} moved {m.Value} frames")));
                return ExitCodes.Success;
            });
        });
        var script = new Argument<FileInfo>("script") { Description = "The reconfiguration script (.csx)" };
        var scriptArgs = new Option<string[]>("--arg") { Description = "An argument for the script, name=value; may be repeated", AllowMultipleArgumentsPerToken = false };
        var run = new Command("script", "Run a reconfiguration script (C#, .csx) against a running node: it plans, the node carries out the plan as one transaction") { file, script, scriptArgs };
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = parseResult.GetValue(file)!;
            var path = parseResult.GetValue(script)!;
            if (!InputFile.Exists(path, errors))
            {
                return ExitCodes.InvalidInput;
            }
            var args = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parseResult.GetValue(scriptArgs) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    await errors.WriteLineAsync($"error: --arg takes name=value, not '{pair}'");
                    return ExitCodes.InvalidInput;
                }
                args[pair[..equals]] = pair[(equals + 1)..];
            }
            var code = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            return await Call(configuration, errors, async http =>
            {
                using var response = await http.PostAsJsonAsync("/v1/script", new ScriptRequest(path.Name, code, args), Json, cancellationToken);
                var result = JsonSerializer.Deserialize<ReconfigurationView>(await response.Content.ReadAsStringAsync(cancellationToken), Json)!;
                if (!result.Committed)
                {
                    await errors.WriteLineAsync($"error: {result.Error}");
                    return ExitCodes.Refused;
                }
                console.MarkupLine($"{result.Steps} steps committed in {result.DurationMs:0.###} ms, paused {result.PausedMs:0.###} ms"
                    + string.Concat(result.MovedFrames.Select(m => $"; {Markup.Escape(m.Key)} moved {m.Value} frames")));
                return ExitCodes.Success;
            });
        });
        return [status, replace, run];
    }

    /// <summary>Calls the node with its token; a node that is not running, or that cannot be reached, is an error saying so.</summary>
    private static async Task<int> Call(FileInfo configuration, TextWriter errors, Func<HttpClient, Task<int>> call)
    {
        Uri address;
        string token;
        try
        {
            (address, token) = NodeFiles.Control(configuration).Read();
        }
        catch (FileNotFoundException exception)
        {
            await errors.WriteLineAsync($"{configuration.FullName}: error: {exception.Message}");
            return ExitCodes.InvalidInput;
        }
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await call(http);
        }
        catch (HttpRequestException exception)
        {
            await errors.WriteLineAsync($"error: the node at {address} does not answer ({exception.Message}); is it still running?");
            return ExitCodes.Unreachable;
        }
    }
}
