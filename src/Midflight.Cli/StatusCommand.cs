using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Midflight.Control;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// The verbs that talk to a running node through its control endpoint: <c>status</c>, <c>replace</c>,
/// <c>update</c>, <c>replicate</c>, <c>move</c>, <c>remove</c>, <c>rollback</c> and <c>script</c>. They find the node's
/// address and token beside its configuration.
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
                var table = new Table().AddColumns("instance", "module", "version", "doing", "queued");
                foreach (var instance in view.Instances)
                {
                    var doing = instance.WaitingFor is null ? instance.Status : $"{instance.Status} ({instance.WaitingFor})";
                    table.AddRow(Markup.Escape(instance.Name), Markup.Escape(instance.Module), Markup.Escape(instance.Source),
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

        var instanceName = new Argument<string>("instance") { Description = "The instance to change" };
        var timeout = Duration.Option("--timeout", "Give up, the application untouched, if the moment has not come within this long, e.g. 5s (default: the node's)");
        var whenIdle = new Option<string[]>("--when-idle")
        {
            Description = "Happen only when these instances are idle, at a quiet moment with no request in progress: --when-idle x,y",
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        var with = new Option<string>("--with") { Required = true, Description = "The new version: a module project (.csproj) or assembly (.dll), with #Class if the class is another" };
        var replicaWith = new Option<string>("--with") { Description = "The version the instance comes back in: a module project (.csproj) or assembly (.dll), with #Class if the class is another (default: the one it runs)" };
        var machine = new Option<string>("--to") { Required = true, Description = "The machine to move the instance to" };
        var fromSnapshot = new Option<bool>("--from-snapshot") { Description = "Reinstate the old version from the snapshot taken at the update, replaying what the new one read (within its health window)" };

        Command Change(string name, string description, string done, Func<ParseResult, string> query, params Option[] options)
        {
            var command = new Command(name, description) { file, instanceName, json };
            foreach (var option in options)
            {
                command.Options.Add(option);
            }
            command.SetAction(async (parseResult, cancellationToken) =>
            {
                var parameters = new List<string>();
                if (options.Contains(timeout) && parseResult.GetValue(timeout) is { } limit)
                {
                    parameters.Add("timeoutMs=" + limit.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                if (options.Contains(whenIdle) && parseResult.GetValue(whenIdle) is { Length: > 0 } idle)
                {
                    parameters.Add("whenIdle=" + Uri.EscapeDataString(string.Join(',', idle)));
                }
                parameters.Add(query(parseResult));
                var instance = parseResult.GetValue(instanceName)!;
                var path = $"/v1/{name}/{Uri.EscapeDataString(instance)}?{string.Join('&', parameters.Where(p => p.Length > 0))}";
                return await Call(parseResult.GetValue(file)!, errors, async http =>
                {
                    var (succeeded, text) = await WhileWaiting(console, parseResult.GetValue(json), $"{name} {instance}", async () =>
                    {
                        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), null, cancellationToken);
                        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
                    });
                    var result = succeeded ? JsonSerializer.Deserialize<ReconfigurationView>(text, Json)! : ReconfigurationView.Refused(ErrorOf(text));
                    return await Report(result, done, parseResult.GetValue(json));
                });
            });
            return command;
        }

        // What a change did, as a line for people or as JSON for scripts; a refusal's reason goes to the errors too.
        async Task<int> Report(ReconfigurationView result, string done, bool asJson)
        {
            if (asJson)
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(result, Json));
            }
            if (!result.Committed)
            {
                await errors.WriteLineAsync($"error: the node refused: {result.Error}");
                return ExitCodes.Refused;
            }
            if (!asJson)
            {
                console.MarkupLine($"{done} in {result.DurationMs:0.###} ms, paused {result.PausedMs:0.###} ms"
                    + string.Concat(result.MovedFrames.Select(m => $"; {Markup.Escape(m.Key)} moved {m.Value} frames")));
            }
            return ExitCodes.Success;
        }

        var replace = Change("replace", "Replace an instance by a new one of the same module, at its next reconfiguration point (or quiet moment)", "replaced", _ => "", timeout, whenIdle);
        var update = Change("update", "Update an instance to a new version of its code, checked first against the running program (interfaces, state, frames)", "updated",
            r => "with=" + Uri.EscapeDataString(AbsoluteSource(r.GetValue(with)!)), with, timeout, whenIdle);
        var replicate = Change("replicate", "Update an instance the SCP way: a replica takes its traffic and state, then it comes back in its new version and takes them back", "replicated",
            r => r.GetValue(replicaWith) is { } version ? "with=" + Uri.EscapeDataString(AbsoluteSource(version)) : "", replicaWith, timeout, whenIdle);
        var move = Change("move", "Move an instance to another machine, its state and stack with it", "moved", r => "machine=" + Uri.EscapeDataString(r.GetValue(machine)!), machine, timeout, whenIdle);
        var remove = Change("remove", "Remove an instance and its bindings", "removed", _ => "", timeout, whenIdle);
        var rollback = Change("rollback", "Reinstate the version an instance ran before its last update", "rolled back",
            r => r.GetValue(fromSnapshot) ? "fromSnapshot=true" : "", fromSnapshot);
        var script = new Argument<FileInfo>("script") { Description = "The reconfiguration script (.csx)" };
        var scriptArgs = new Option<string[]>("--arg") { Description = "An argument for the script, name=value; may be repeated", AllowMultipleArgumentsPerToken = false };
        var run = new Command("script", "Run a reconfiguration script (C#, .csx) against a running node: it plans, the node carries out the plan as one transaction") { file, script, scriptArgs, json };
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
                var (_, text) = await WhileWaiting(console, parseResult.GetValue(json), $"script {path.Name}", async () =>
                {
                    using var response = await http.PostAsJsonAsync("/v1/script", new ScriptRequest(path.Name, code, args), Json, cancellationToken);
                    return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
                });
                var result = JsonSerializer.Deserialize<ReconfigurationView>(text, Json)!;
                return await Report(result, $"{result.Steps} steps committed", parseResult.GetValue(json));
            });
        });
        return [status, replace, update, replicate, move, remove, rollback, run];
    }

    /// <summary>
    /// Waits for the node's answer to a change, with a spinner on an interactive terminal: an update
    /// builds and checks its new version first, which takes seconds.
    /// </summary>
    private static async Task<T> WhileWaiting<T>(IAnsiConsole console, bool asJson, string what, Func<Task<T>> call) =>
        asJson || !console.Profile.Capabilities.Interactive
            ? await call()
            : await console.Status().StartAsync($"{Markup.Escape(what)}: waiting for the node", _ => call());

    /// <summary>A source path as the node must read it: relative to where the command runs, not to the node's folder.</summary>
    private static string AbsoluteSource(string with)
    {
        var separator = with.IndexOf('#', StringComparison.Ordinal);
        return separator < 0 ? Path.GetFullPath(with) : Path.GetFullPath(with[..separator]) + with[separator..];
    }

    /// <summary>The node's reason, out of its JSON answer.</summary>
    internal static string ErrorOf(string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? answer : answer;
        }
        catch (JsonException)
        {
            return answer;
        }
    }

    /// <summary>Calls the node with its token; a node that is not running, or that cannot be reached, is an error saying so.</summary>
    internal static async Task<int> Call(FileInfo configuration, TextWriter errors, Func<HttpClient, Task<int>> call)
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
