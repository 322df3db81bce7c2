using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Midflight.Cli.Tests;

/// <summary>
/// The READMEs' walkthroughs work as written: their commands (see <see cref="Walkthrough"/>) run in
/// their order through the midflight command, on a copy of the repository's examples, each succeeds —
/// or is refused where the README shows a refusal — and prints the lines the README shows. A
/// <c>run</c> goes on in the background, as in the README's first terminal, while the commands after
/// it talk to its node; it is stopped (Ctrl+C) once it has printed what the README shows, or, if that
/// ends with <c>Stopped</c>, left to stop at the end of its <c>--for</c>. Real time and real builds:
/// each update builds its new version, so a walkthrough takes a minute or two, and runs only when
/// asked (<see cref="WalkthroughFactAttribute"/>).
/// </summary>
[Collection(ModuleBuildsCollection.Name)]
public sealed class WalkthroughTests(ITestOutputHelper output)
{
    /// <summary>Bounds the wait for a node to start: the first build of an example also builds src/ in Release, on a shared machine.</summary>
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(5);

    /// <summary>Bounds the wait for a line a running application prints once the walkthrough's commands are done: the longest is its --for.</summary>
    private static readonly TimeSpan OutputPatience = TimeSpan.FromMinutes(1);

    private static readonly Regex ControlEndpoint = new("^Control endpoint on ", RegexOptions.CultureInvariant);

    /// <summary>Always run, unlike the walkthroughs: what the Banking README asks for, and in which order, without running it.</summary>
    [Fact]
    public void The_banking_walkthrough_updates_a_procedure_then_the_module_twice_then_a_rollback_is_refused_and_one_from_the_snapshot_is_not()
    {
        var steps = Walkthrough.Read(CliRun.PathOf("examples/Banking/README.md")).Steps;

        Assert.Equal(["run", "update", "update", "update", "state", "rollback", "rollback", "replicate", "log"], steps.Select(s => s.Verb));
        Assert.Contains("--health-window", steps[0].Arguments);
        Assert.Contains("--procedure", steps[1].Arguments);
        Assert.Equal([false, false, false, false, false, true, false, false, false], steps.Select(s => s.IsRefused));
        Assert.Contains("--from-snapshot", steps[6].Arguments);
        Assert.Contains(steps[0].ShownLines, line => line.IsMatch("client: 804 requests answered, 714 deposits and withdrawals applied"));
    }

    [WalkthroughFact]
    public Task The_banking_walkthrough_works_as_written() => Follow("examples/Banking/README.md", "examples/Banking");

    [WalkthroughFact]
    public Task The_monitor_walkthrough_works_as_written() => Follow("examples/Monitor/README.md", "examples/Monitor");

    [WalkthroughFact]
    public Task The_quick_start_and_the_monitor_change_of_the_repository_readme_work_as_written() => Follow("README.md", "examples/Monitor");

    private async Task Follow(string readme, string example)
    {
        var walkthrough = Walkthrough.Read(CliRun.PathOf(readme));
        Assert.NotEmpty(walkthrough.Steps);
        using var copy = RepositoryCopy.Of(example);
        Running? running = null;
        try
        {
            foreach (var step in walkthrough.Steps)
            {
                // What each step took, for whoever finds the walkthrough slow.
                output.WriteLine($"{TimeProvider.System.GetLocalNow():HH:mm:ss} {step.Command}");
                var arguments = step.Arguments.Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? copy.PathOf(a) : a).ToList();
                if (step.Verb == "run")
                {
                    await StopAsync(running, readme);
                    running = null; // stopped: if the next one does not start, there is nothing left to stop
                    running = await StartAsync(step, arguments, readme);
                    continue;
                }
                var cli = new CliRun();
                var exit = await cli.InvokeAsync(arguments, CancellationToken.None);
                Assert.True(step.IsRefused ? exit != 0 : exit == 0, $"{readme}: `{step.Command}` exited {exit}{(step.IsRefused ? ", where the README shows it refused" : "")}:\n{Printed(cli)}");
                foreach (var line in step.ShownLines)
                {
                    Assert.True(cli.Lines.Any(line.IsMatch), $"{readme}: `{step.Command}` printed no line like {line}:\n{Printed(cli)}");
                }
            }
            await StopAsync(running, readme);
            running = null;
            output.WriteLine($"{TimeProvider.System.GetLocalNow():HH:mm:ss} done");
        }
        finally
        {
            // A failed step leaves the node running: stop it before its folder goes.
            if (running is not null)
            {
                await running.Stop.CancelAsync();
                await running.Exit;
                running.Stop.Dispose();
            }
        }
    }

    private sealed record Running(Walkthrough.Step Step, CliRun Cli, Task<int> Exit, CancellationTokenSource Stop);

    private static async Task<Running> StartAsync(Walkthrough.Step step, IReadOnlyList<string> arguments, string readme)
    {
        var cli = new CliRun();
        var stop = new CancellationTokenSource();
        var exit = cli.InvokeAsync(arguments, stop.Token);
        // The commands after it need its control endpoint; a run that ends first has failed.
        var ready = cli.WaitForLineAsync(ControlEndpoint, StartPatience);
        if (await Task.WhenAny(ready, exit) == ready && await ready)
        {
            return new Running(step, cli, exit, stop);
        }
        await stop.CancelAsync();
        var code = await exit;
        stop.Dispose();
        throw new Xunit.Sdk.XunitException($"{readme}: `{step.Command}` did not start its node's control endpoint (it exited {code}):\n{Printed(cli)}");
    }

    private static async Task StopAsync(Running? running, string readme)
    {
        if (running is null)
        {
            return;
        }
        foreach (var line in running.Step.ShownLines)
        {
            Assert.True(await running.Cli.WaitForLineAsync(line, OutputPatience), $"{readme}: `{running.Step.Command}` printed no line like {line}:\n{Printed(running.Cli)}");
        }
        await running.Stop.CancelAsync();
        Assert.Equal(0, await running.Exit);
        running.Stop.Dispose();
    }

    private static string Printed(CliRun cli) => string.Join('\n', cli.Lines);
}
