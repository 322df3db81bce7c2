using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Midflight.Control;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>update FILE INSTANCE --procedure P</c>: a procedure-level update (PODUS, DYMOS) rather than a
/// module update — the options it adds to <c>update</c>, and how it asks the node and prints the result.
/// </summary>
internal sealed class ProcedureUpdateCommand
{
    private static string[] CommaList(System.CommandLine.Parsing.ArgumentResult result) =>
        [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    public Option<string[]> Procedure { get; } = new("--procedure")
    {
        Description = "Update these procedures of the instance, compiled from its project as it is now, instead of the whole module: --procedure AdjustBalance,Serve",
        CustomParser = CommaList,
    };

    public Option<string> Source { get; } = new("--source") { Description = "With --procedure: take the new code from this .cs file (for the project's file of the same name, or else the files declaring the module class), folder or project" };

    public Option<bool> Plan { get; } = new("--plan") { Description = "A dry run: check what can be checked without stopping anything, print the steps and what would be checked when carried out, and change nothing (with --procedure: compile, check and print the update sequence)" };

    public Option<bool> Atomic { get; } = new("--atomic") { Description = "With --procedure: switch every procedure in one step, when all are inactive at once" };

    public Option<bool> WhileActive { get; } = new("--while-active") { Description = "With --procedure: switch at once (DYMOS); activations under way finish on the old code" };

    public IEnumerable<Option> Options => [Procedure, Source, Plan, Atomic, WhileActive];

    /// <summary>
    /// What the update is, as the node's query takes it: the procedures, where their code is, how they
    /// switch; null if the source named does not exist, which has been reported.
    /// </summary>
    public async Task<string?> QueryAsync(ParseResult parseResult, string[]? whenIdle, TextWriter errors)
    {
        var parameters = new List<string> { "procedures=" + Uri.EscapeDataString(string.Join(',', parseResult.GetValue(Procedure)!)) };
        if (parseResult.GetValue(Source) is { } source)
        {
            var path = Path.GetFullPath(source);
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                await errors.WriteLineAsync($"error: there is no file or folder '{path}' to take the new procedures from");
                return null;
            }
            parameters.Add("source=" + Uri.EscapeDataString(path));
        }
        if (whenIdle is { Length: > 0 })
        {
            parameters.Add("whenIdle=" + Uri.EscapeDataString(string.Join(',', whenIdle)));
        }
        parameters.AddRange(new[] { ("atomic", parseResult.GetValue(Atomic)), ("whileActive", parseResult.GetValue(WhileActive)) }.Where(f => f.Item2).Select(f => f.Item1 + "=true"));
        return string.Join('&', parameters);
    }

    /// <summary>Asks the node for the procedure update and prints what it did; <paramref name="whenIdle"/> names procedures here.</summary>
    public async Task<int> RunAsync(ParseResult parseResult, FileInfo file, string instance, TimeSpan? timeout, string[]? whenIdle, bool asJson,
        IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken)
    {
        if (await QueryAsync(parseResult, whenIdle, errors) is not { } query)
        {
            return ExitCodes.InvalidInput;
        }
        var parameters = new List<string> { query };
        if (timeout is { } limit)
        {
            parameters.Add("timeoutMs=" + limit.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
        }
        var plan = parseResult.GetValue(Plan);
        if (plan)
        {
            parameters.Add("plan=true");
        }
        var route = $"v1/procedures/{Uri.EscapeDataString(instance)}?{string.Join('&', parameters)}";
        return await NodeClient.CallAsync(file, errors, async http =>
        {
            var (succeeded, text) = await ChangeReport.WhileWaiting(console, asJson, $"update {instance} procedures", async () =>
            {
                using var response = await http.PostAsync(new Uri(route, UriKind.Relative), null, cancellationToken);
                return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            });
            if (!succeeded)
            {
                await errors.WriteLineAsync($"error: the node refused: {NodeClient.ErrorOf(text)}");
                return ExitCodes.Refused;
            }
            var result = JsonSerializer.Deserialize<ProcedureUpdateView>(text, CliJson.Options)!;
            if (asJson)
            {
                console.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
                return ExitCodes.Success;
            }
            foreach (var warning in result.Warnings)
            {
                console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
            }
            for (var i = 0; i < result.Steps.Count; i++)
            {
                var step = result.Steps[i];
                var when = step.SwitchedAfterMs is { } after ? $"switched {after:0} ms after the command" : "when inactive";
                console.WriteLine($"step {i + 1}: {string.Join(", ", step.Procedures)} {when}");
                foreach (var reason in step.Reasons)
                {
                    console.WriteLine($"  together: {reason}");
                }
            }
            console.WriteLine(plan
                ? $"planned in {result.CompileMs:0} ms (compiled and checked); nothing switched"
                : $"{instance}: procedures updated to version {result.Version} in {result.TotalMs:0} ms (compiled in {result.CompileMs:0} ms); the module never paused");
            return ExitCodes.Success;
        });
    }
}
