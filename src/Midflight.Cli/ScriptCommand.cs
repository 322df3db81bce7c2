using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Midflight.Control;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight script FILE.mil SCRIPT.csx [--arg NAME=VALUE]…</c>: a reconfiguration script, sent to
/// the running node, which carries out its plan as one transaction.
/// </summary>
internal static class ScriptCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) of the running application" };
        var script = new Argument<FileInfo>("script") { Description = "The reconfiguration script (.csx)" };
        var scriptArgs = new Option<string[]>("--arg") { Description = "An argument for the script, name=value; may be repeated", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "Print JSON, for scripts" };
        var plan = new Option<bool>("--plan") { Description = "A dry run: the script plans, the node checks the plan without stopping anything and prints its steps and checks; nothing changes" };
        var command = new Command("script", "Run a reconfiguration script (C#, .csx) against a running node: it plans, the node carries out the plan as one transaction") { file, script, scriptArgs, json, plan };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
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
            var asJson = parseResult.GetValue(json);
            return await NodeClient.CallAsync(parseResult.GetValue(file)!, errors, async http =>
            {
                var (succeeded, text) = await ChangeReport.WhileWaiting(console, asJson, $"script {path.Name}", async () =>
                {
                    using var response = await http.PostAsJsonAsync(parseResult.GetValue(plan) ? "v1/script?plan=true" : "v1/script", new ScriptRequest(path.Name, code, args), CliJson.Options, cancellationToken);
                    return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
                });
                var result = succeeded ? JsonSerializer.Deserialize<ReconfigurationView>(text, CliJson.Options)! : Refusal(text);
                if (!asJson && result.Output is { Length: > 0 } printed)
                {
                    // What the script printed while it planned, in its own process beside the node.
                    console.Profile.Out.Writer.Write(printed);
                }
                return await ChangeReport.Print(console, errors, result, $"{Counted.Of(result.Steps, "step")} committed", asJson);
            });
        });
        return command;
    }

    /// <summary>A refused script's answer, with what it printed; or, from a node that refused the request itself, its reason.</summary>
    private static ReconfigurationView Refusal(string answer)
    {
        try
        {
            return JsonSerializer.Deserialize<ReconfigurationView>(answer, CliJson.Options)!;
        }
        catch (JsonException)
        {
            return ReconfigurationView.Refused(NodeClient.ErrorOf(answer));
        }
    }
}
