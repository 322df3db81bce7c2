using Microsoft.Extensions.Time.Testing;
using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>A reconfiguration is all or nothing: whatever step fails, the application is as it was.</summary>
public sealed class TransactionTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    private static readonly string CounterToCollector = TestNodes.Pipeline("counter", "Counter", "collector", "Collector");

    // A server that reads one request and never answers it: never at a quiet moment.
    private static readonly string AskerAndStubborn = $$"""
        module asker { source = "{{TestNodes.TestModule("Asker")}}" :: client interface ask pattern = {integer} accepts {~integer} }
        module stubborn { source = "{{TestNodes.TestModule("Stubborn")}}" :: server interface ask pattern = {~integer} returns {integer} }
        module app { instance asker instance stubborn bind "asker ask" "stubborn ask" }
        """;

    /// <summary>Modules, bindings and queues of a settled node, as text to compare before and after.</summary>
    private static async Task<string> Describe(Node node)
    {
        var status = (await TestNodes.SettledAsync(node)).Status;
        return string.Join("\n", status.Instances.OrderBy(i => i.Name).Select(i => $"{i.Name} {i.Spec.Source} {i.Activity} {string.Join(",", i.QueueDepths)}"))
        + "\n" + string.Join("\n", status.Bindings);
    }

    private static ModuleSpec WithSource(ModuleSpec spec, string type) => spec with { Source = new ModuleSource("Midflight.TestModules.dll", $"Midflight.TestModules.{type}") };

    [Fact]
    public async Task A_replace_failing_in_its_middle_leaves_modules_bindings_and_queues_as_they_were()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(CounterToCollector, time, recorder);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(5), Step);
        // Hold the collector so messages wait in its queue: the failed replace must not lose them.
        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(Reconfiguration.Of(new StopModule(ModuleRef.Current("collector")))), Step);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(5), Step);
        var before = await Describe(node);
        Assert.True(node.Status["collector"].QueueDepths["in"] >= 4);

        var replace = Scripts.Replace(node.Status, "collector", WithSource(node.Status["collector"].Spec, "FailingInstall"));
        var failure = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReconfigureAsync(replace));

        Assert.Equal(replace.Steps.IndexOf(replace.Steps.OfType<MoveState>().Single()) + 1, failure.Step);
        Assert.Contains("failed to install the state: this version cannot take over", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Describe(node));

        // And nothing was lost: started again, the collector reads every value, once, in order.
        await Drive.CompleteAsync(node, time, node.ReconfigureAsync(Reconfiguration.Of(new StartModule(ModuleRef.Current("collector")))), Step);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(3), Step);
        var written = recorder.WrittenOn("counter", "out").Count;
        Assert.Equal(Enumerable.Range(0, written).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), recorder.Printed("collector"));
    }

    [Fact]
    public async Task An_invalid_step_is_refused_before_anything_is_loaded_or_paused()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.StartAsync(CounterToCollector, time, new Recorder());
        var before = await Describe(node);
        var extra = WithSource(node.Status["collector"].Spec, "NotAModule");

        var failure = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReconfigureAsync(Reconfiguration.Of(
            new AddModule(ModuleRef.New("extra"), extra),
            new AddBinding(ModuleRef.Current("counter")["out"], ModuleRef.New("extra")["in"]),
            new AddBinding(ModuleRef.Current("counter")["out"], ModuleRef.New("extra")["inn"]))));

        Assert.Equal(3, failure.Step);
        Assert.Contains("has no interface 'inn'", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Describe(node));
    }

    [Theory]
    [InlineData("NoSuchClass", "has no class 'Midflight.TestModules.NoSuchClass'; its module classes are: ")]
    [InlineData("NotAModule", "must be a non-abstract class deriving from Midflight.Module or Midflight.AsyncModule")]
    public async Task A_module_whose_code_cannot_be_loaded_is_refused_with_the_reason(string type, string reason)
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.StartAsync(CounterToCollector, time, new Recorder());
        var before = await Describe(node);

        var failure = await Assert.ThrowsAsync<ReconfigurationException>(() =>
            node.ReplaceAsync("collector", WithSource(node.Status["collector"].Spec, type)));

        Assert.Equal(1, failure.Step);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Describe(node));
    }

    [Fact]
    public async Task A_binding_whose_patterns_do_not_match_is_refused_with_the_rule_it_breaks()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.StartAsync(CounterToCollector, time, new Recorder());
        var floats = node.Status["collector"].Spec with
        {
            Interfaces = EquatableArray.Create(new InterfaceSpec("in", InterfaceKind.Use, Pattern.Of(DataType.Float))),
        };

        var failure = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReconfigureAsync(Reconfiguration.Of(
            new AddModule(ModuleRef.New("other"), floats),
            new AddBinding(ModuleRef.Current("counter")["out"], ModuleRef.New("other")["in"]))));

        Assert.Equal(2, failure.Step);
        Assert.Contains("MF0048: pattern {integer} sent by 'counter out' does not match {float} received by 'other in'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_that_never_reaches_a_quiet_moment_makes_the_replace_time_out_and_change_nothing()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var configuration = TestNodes.Parse(AskerAndStubborn);
        await using var node = await TestNodes.SettledAsync(await Node.StartAsync(configuration, new NodeOptions
        {
            Time = time,
            Tracer = recorder,
            Output = recorder,
            BaseDirectory = AppContext.BaseDirectory,
            QuiesceTimeout = TimeSpan.FromSeconds(5),
        }));
        await Drive.UntilAsync(node, time, () => recorder.ReadOn("stubborn", "ask").Count == 1, Step);
        var before = await Describe(node);

        var failure = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time, node.ReplaceAsync("stubborn"), Step));

        Assert.Contains("no quiet moment within 5 s ('stubborn' is Waiting (read 'ask'))", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Describe(node));
        Assert.Equal(new ModuleActivity(ModuleStatus.Waiting, "read 'ask'"), node.Status["asker"].Activity);
    }

    [Fact]
    public async Task A_reconfiguration_s_own_timeout_abandons_it_sooner_than_the_node_s()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(AskerAndStubborn, time, recorder);
        await Drive.UntilAsync(node, time, () => recorder.ReadOn("stubborn", "ask").Count == 1, Step);
        var before = await Describe(node);
        var started = time.GetUtcNow();

        var replace = Scripts.Replace(node.Status, "stubborn") with { Timeout = TimeSpan.FromSeconds(2) };
        var failure = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time, node.ReconfigureAsync(replace), Step));

        Assert.Contains("no quiet moment within 2 s", failure.Message, StringComparison.Ordinal);
        Assert.InRange(time.GetUtcNow() - started, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        Assert.Equal(before, await Describe(node));
    }

    [Fact]
    public async Task A_message_that_does_not_match_the_pattern_is_refused_to_the_writer_and_never_delivered()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(TestNodes.Pipeline("misfit", "Misfit", "collector", "Collector"), time, recorder);

        await Drive.UntilAsync(node, time, () => recorder.Printed("collector").Count == 1, Step);

        Assert.Equal(["message {\"seven\"} written on 'misfit out' does not match its pattern {integer}; nothing was delivered"], recorder.Printed("misfit"));
        Assert.Equal(["7"], recorder.Printed("collector"));
    }

    [Fact]
    public async Task An_async_module_replaced_repeatedly_keeps_its_state_and_misses_no_value()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync(TestNodes.Pipeline("counter", "Counter", "summer", "AsyncSummer"), time, recorder);

        for (var i = 0; i < 10; i++)
        {
            await Drive.ForAsync(node, time, TimeSpan.FromSeconds(2), Step);
            await Drive.CompleteAsync(node, time, node.ReplaceAsync("summer"), Step);
        }
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(2), Step);

        var read = recorder.ReadOn("summer", "in").Select(m => m.Single<long>()).ToList();
        Assert.Equal(Enumerable.Range(0, read.Count).Select(i => (long)i), read);
        var state = await Drive.CompleteAsync(node, time, node.InspectStateAsync("summer"), Step);
        Assert.Equal(read.Sum(), state.Get<long>("total"));
    }

    [Fact]
    public async Task Status_says_where_each_module_is()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.StartAsync(CounterToCollector, time, new Recorder());
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(1), Step);

        Assert.Equal(new ModuleActivity(ModuleStatus.Waiting, "delay"), node.Status["counter"].Activity);
        Assert.Equal(new ModuleActivity(ModuleStatus.Waiting, "read 'in'"), node.Status["collector"].Activity);
        Assert.Equal([new BindingSpec(new("counter", "out"), new("collector", "in"))], node.Status.Bindings.AsEnumerable());
    }

    /// <summary>Builds that wait for a gate: a build that takes as long as a test needs.</summary>
    private sealed class GatedBuilder(Task gate) : IProjectBuilder
    {
        private readonly PrebuiltAssemblies _built = new(AppContext.BaseDirectory);

        public async Task<string> BuildAsync(string projectPath, bool again, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return await _built.BuildAsync(projectPath, again, cancellationToken);
        }
    }

    [Fact]
    public async Task A_change_does_not_wait_for_the_build_of_another()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var gate = new TaskCompletionSource();
        var options = TestNodes.Options(time, new Recorder()) with { ProjectBuilder = new GatedBuilder(gate.Task) };
        await using var node = await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(CounterToCollector), options));
        var update = node.UpdateAsync("collector", new ModuleSource("Midflight.TestModules.csproj", "Midflight.TestModules.Collector"));
        try
        {
            // The counter waits on time, at a quiet moment: the replace needs no clock, only the lock.
            await node.ReplaceAsync("counter").WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(update.IsCompleted, "the update went on before its build was done");
        }
        finally
        {
            gate.SetResult(); // else a failure here would leave the node waiting on the build for good
        }
        await Drive.CompleteAsync(node, time, update, Step);
        Assert.Equal("Midflight.TestModules.csproj", node.Status["collector"].Spec.Source.Path);
    }

    /// <summary>A build that always fails, as a project with a compile error does, and counts how often it was asked.</summary>
    private sealed class BrokenBuild : IProjectBuilder
    {
        public int Builds { get; private set; }

        public Task<string> BuildAsync(string projectPath, bool again, CancellationToken cancellationToken)
        {
            Builds++;
            throw new ModuleLoadException($"building '{projectPath}' failed:\nCollector.cs(3,20): error CS1002: ; expected");
        }
    }

    [Fact]
    public async Task An_update_whose_build_fails_is_refused_at_its_step_with_the_errors_built_once()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var builder = new BrokenBuild();
        var options = TestNodes.Options(time, new Recorder()) with { ProjectBuilder = builder };
        await using var node = await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(CounterToCollector), options));
        var before = await Describe(node);

        var failure = await Assert.ThrowsAsync<ReconfigurationException>(() => node.UpdateAsync("collector", new ModuleSource("Broken.csproj", "Midflight.TestModules.Collector")));

        Assert.Equal(1, failure.Step);
        Assert.Contains("error CS1002: ; expected", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, builder.Builds);
        Assert.Equal(before, await Describe(node));
    }
}
