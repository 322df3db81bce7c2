using System.Text.Json;
using Midflight.Runtime;
using Midflight.Scripting;

namespace Midflight.Control;

/// <summary>
/// Runs a reconfiguration script (a C# script file, Roslyn scripting) against a node. The script plans
/// in a short-lived process of its own, which sees the application as it is and hands back its plan
/// as data; the node then carries the plan out as one transaction — all of it, or, if any step fails,
/// none. A script that ends its process, outlasts <see cref="ScriptLimits.TimeLimit"/>, crashes or
/// gives back no readable plan is refused, and the node is untouched: whatever the script does, it
/// does outside the node.
/// </summary>
public static class ScriptRunner
{
    /// <summary>Has the script plan, without carrying the plan out.</summary>
    /// <exception cref="ScriptException">The script does not compile, fails while planning, ends or outlasts its process, or gives back no plan.</exception>
    public static async Task<PlannedScript> PlanAsync(
        ApplicationStatus application, string path, string code, IReadOnlyDictionary<string, string> args, ScriptLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var folder = Directory.CreateTempSubdirectory("midflight-script-");
        try
        {
            var files = new ScriptFiles(folder.FullName);
            await File.WriteAllTextAsync(files.Job, JsonSerializer.Serialize(new ScriptJob(path, code, args, application), ScriptWire.Options), cancellationToken).ConfigureAwait(false);
            var exit = await ScriptProcess.RunAsync(files, limits, cancellationToken).ConfigureAwait(false);
            var plan = Plan(exit, files);
            return new PlannedScript(new Reconfiguration(plan.Steps) { Title = $"script {Path.GetFileName(path)}" }, OutputOf(exit));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Has the script plan, then carries the plan out as one transaction.</summary>
    /// <exception cref="ScriptException">The script was refused before its plan was carried out; the application is untouched.</exception>
    /// <exception cref="ReconfigurationException">Its plan was refused or failed; the application is as it was.</exception>
    public static async Task<ReconfigurationResult> RunAsync(
        Node node, string path, string code, IReadOnlyDictionary<string, string> args, string requestedBy, ScriptLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var planned = await PlanAsync(node.Status, path, code, args, limits, cancellationToken).ConfigureAwait(false);
        return await node.ReconfigureAsync(planned.Plan with { RequestedBy = requestedBy }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The plan the script's process gave back, or the reason it is refused.</summary>
    private static ScriptPlan Plan(ScriptProcessExit exit, ScriptFiles files)
    {
        if (exit.TimedOut)
        {
            throw Refusal(exit, "the script did not finish planning within its time limit and was stopped (an endless loop, or a wait?)");
        }
        if (exit.ExitCode != 0 || !File.Exists(files.Plan))
        {
            throw Refusal(exit, $"the script's process ended (exit code {exit.ExitCode}) before it gave back a plan: a script must not end its process (Environment.Exit) or crash it");
        }
        ScriptPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<ScriptPlan>(File.ReadAllText(files.Plan), ScriptWire.Options);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            plan = null;
        }
        if (plan is null || plan.Steps.IsDefault || plan.Steps.Any(s => s is null))
        {
            throw Refusal(exit, "the script's process gave back no readable plan");
        }
        if (plan.Error is { } error)
        {
            throw new ScriptException(error) { Output = OutputOf(exit) };
        }
        return plan;
    }

    private static ScriptException Refusal(ScriptProcessExit exit, string why) =>
        new($"{why}; a script only plans, and nothing was changed{Tail(exit.Errors)}") { Output = OutputOf(exit) };

    /// <summary>What the script printed: its standard output, then its standard error.</summary>
    private static string OutputOf(ScriptProcessExit exit) => exit.Output + exit.Errors;

    /// <summary>The end of what the process wrote to its standard error — the runtime's report of a crash — for the refusal.</summary>
    private static string Tail(string errors)
    {
        var text = errors.Trim();
        const int Most = 2000;
        return text.Length == 0 ? "" : $":\n{(text.Length > Most ? "…" + text[^Most..] : text)}";
    }
}
