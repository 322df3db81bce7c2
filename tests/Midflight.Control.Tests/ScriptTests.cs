using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Control.Tests;

/// <summary>Figure 5, ported to a C# script, moves the Monitor's compute while it runs.</summary>
public sealed class ScriptTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private static string Example(string file) => Path.Combine(AppContext.BaseDirectory, "examples", file);

    private static async Task<(Node Node, FakeTimeProvider Time)> StartMonitorAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var configuration = ConfigurationParser.Parse(await File.ReadAllTextAsync(Example("monitor.mil")), "monitor.mil").Configuration!;
        var node = await Node.StartAsync(configuration, new NodeOptions
        {
            Time = time,
            BaseDirectory = AppContext.BaseDirectory,
            ProjectBuilder = new PrebuiltAssemblies(AppContext.BaseDirectory),
            QuiesceTimeout = TimeSpan.FromHours(1),
        });
        return (node, time);
    }

    /// <summary>Runs on fake time until <paramref name="task"/> completes, advancing the clock only when the node is idle.</summary>
    private static async Task<T> Drive<T>(Node node, FakeTimeProvider time, Task<T> task)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!task.IsCompleted)
        {
            await node.WhenIdleAsync(bound.Token);
            if (!task.IsCompleted)
            {
                time.Advance(Step);
            }
        }
        return await task;
    }

    [Fact]
    public async Task Figure_5_as_a_script_moves_compute_to_another_machine_with_its_stack()
    {
        var (node, time) = await StartMonitorAsync();
        await using var _ = node;
        for (var i = 0; i < 40; i++)
        {
            await node.WhenIdleAsync();
            time.Advance(Step);
        }
        var bindings = node.Status.Bindings.Select(b => b.ToString()).ToList();

        var result = await Drive(node, time, ScriptRunner.RunAsync(node, Example("move.csx"), await File.ReadAllTextAsync(Example("move.csx")),
            new Dictionary<string, string> { ["machine"] = "host7" }, "test", new ScriptLimits(), CancellationToken.None));

        var compute = node.Status["compute"].Spec;
        Assert.Contains(new ModuleAttribute("machine", "host7"), compute.Attributes);
        Assert.Contains(new ModuleAttribute("status", "clone"), compute.Attributes);
        Assert.Equal(bindings, node.Status.Bindings.Select(b => b.ToString()));
        Assert.True(result.MovedFrames["compute"] >= 2, "compute moved its stack, not a fresh start");
    }

    [Fact]
    public async Task A_script_that_does_not_compile_changes_nothing_and_says_where()
    {
        var (node, _) = await StartMonitorAsync();
        await using var __ = node;
        var before = node.Status["compute"].Spec;

        var error = await Assert.ThrowsAsync<ScriptException>(() =>
            ScriptRunner.RunAsync(node, "broken.csx", "var old = Current(\"compute\");\nMoveStat(old, New(\"compute\"));", new Dictionary<string, string>(), "test", new ScriptLimits(), CancellationToken.None));

        Assert.Contains("broken.csx(2,1): error CS0103: The name 'MoveStat' does not exist in the current context", error.Message, StringComparison.Ordinal);
        Assert.Same(before, node.Status["compute"].Spec);
    }

    [Fact]
    public async Task A_script_whose_plan_is_refused_changes_nothing()
    {
        var (node, _) = await StartMonitorAsync();
        await using var __ = node;

        var error = await Assert.ThrowsAsync<ReconfigurationException>(() =>
            ScriptRunner.RunAsync(node, "half.csx", "DeleteModule(Current(\"sensor\"));", new Dictionary<string, string>(), "test", new ScriptLimits(), CancellationToken.None));

        Assert.Contains("sensor", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, node.Status.Instances.Length);
    }

    [Fact]
    public async Task A_script_plans_procedure_updates_as_steps_of_their_own()
    {
        var (node, _) = await StartMonitorAsync();
        await using var __ = node;

        var planned = await ScriptRunner.PlanAsync(node.Status, "routing.csx",
            "UpdateProcedures(\"compute\", [\"Average\"], \"updates/Compute.cs\", whenIdle: [\"Report\"]);", new Dictionary<string, string>(), new ScriptLimits(), CancellationToken.None);

        var update = Assert.IsType<UpdateProcedures>(Assert.Single(planned.Plan.Steps));
        Assert.Equal(("compute", "updates/Compute.cs"), (update.Instance, update.Source));
        Assert.Equal(["Average"], update.Procedures.ToArray());
        Assert.Equal(["Report"], update.WhenIdle.ToArray());
    }

    [Fact]
    public async Task A_script_that_mixes_procedure_updates_with_configuration_changes_is_refused_and_changes_nothing()
    {
        var (node, _) = await StartMonitorAsync();
        await using var __ = node;
        var bindings = node.Status.Bindings;

        var error = await Assert.ThrowsAsync<ReconfigurationException>(() => ScriptRunner.RunAsync(node, "mixed.csx",
            "DeleteBinding(Current(\"sensor\")[\"out\"], Current(\"compute\")[\"sensor\"]);\nUpdateProcedures(\"compute\", [\"Average\"]);",
            new Dictionary<string, string>(), "test", new ScriptLimits(), CancellationToken.None));

        Assert.Contains("plan it apart from changes to the configuration; nothing was changed", error.Message, StringComparison.Ordinal);
        Assert.Equal(bindings, node.Status.Bindings);
    }
}
