using Midflight.Control;
using Midflight.Runtime;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>How a verb that changes the application waits for the node and says what it did.</summary>
internal static class ChangeReport
{
    /// <summary>
    /// Waits for the node's answer to a change, with a spinner on an interactive terminal: an update
    /// builds and checks its new version first, which takes seconds.
    /// </summary>
    public static async Task<T> WhileWaiting<T>(IAnsiConsole console, bool asJson, string what, Func<Task<T>> call) =>
        asJson || !console.Profile.Capabilities.Interactive
            ? await call()
            : await console.Status().StartAsync($"{Markup.Escape(what)}: waiting for the node", _ => call());

    /// <summary>What a change did, as a line for people or as JSON for scripts; a refusal's reason goes to the errors too.</summary>
    public static async Task<int> Print(IAnsiConsole console, TextWriter errors, ReconfigurationView result, string done, bool asJson)
    {
        if (asJson)
        {
            CliJson.Print(console, result);
        }
        if (result.Plan is { } plan)
        {
            if (!asJson)
            {
                PrintPlan(console.Profile.Out.Writer, plan);
            }
            return ExitCodes.Success;
        }
        if (!result.Committed)
        {
            await errors.WriteLineAsync($"error: the node refused: {result.Error}");
            return ExitCodes.Refused;
        }
        if (!asJson)
        {
            console.Profile.Out.Writer.WriteLine($"{done} in {result.DurationMs:0.###} ms, paused {result.PausedMs:0.###} ms"
                + (result.PredictedPauseMs is { } predicted ? $" (predicted {predicted:0.###} ms)" : "")
                + string.Concat(result.MovedFrames.Select(m => $"; {m.Key} moved {Counted.Of(m.Value, "frame")}"))
                + string.Concat(result.Draining.Select(d => $"; {d.Key}'s old version drains {Counted.Of(d.Value, "request")} in progress beside the new one")));
        }
        return ExitCodes.Success;
    }

    /// <summary>A dry run: what it would do, what was checked, and what would be when carried out.</summary>
    private static void PrintPlan(TextWriter output, ReconfigurationPlan plan)
    {
        output.WriteLine($"dry run: nothing was changed; {Counted.Of(plan.Steps.Length, "step")} would be carried out as one transaction:");
        foreach (var step in plan.Steps)
        {
            output.WriteLine($"  {step}");
        }
        output.WriteLine("checked now:");
        foreach (var check in plan.Checked)
        {
            output.WriteLine($"  {check}");
        }
        if (plan.WhenCarriedOut.Length > 0)
        {
            output.WriteLine("when carried out:");
            foreach (var later in plan.WhenCarriedOut)
            {
                output.WriteLine($"  {later}");
            }
        }
    }
}
