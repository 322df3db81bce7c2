using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Runtime.Tests;

/// <summary>Starts nodes the way the tests need them: fake time, recorded traffic, prebuilt module code.</summary>
internal static class TestNodes
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static string MonitorText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "monitor.mil"));

    /// <summary>A source naming a module class of the test modules assembly.</summary>
    public static string TestModule(string type) => $"Midflight.TestModules.dll#Midflight.TestModules.{type}";

    /// <summary>
    /// Two test modules, one's define interface <c>out</c> {integer} bound to the other's use interface
    /// <c>in</c> {integer}: the shape most runtime tests need.
    /// </summary>
    public static string Pipeline(string producer, string producerType, string consumer, string consumerType) => $$"""
        module {{producer}} { source = "{{TestModule(producerType)}}" :: define interface out pattern = {integer} }
        module {{consumer}} { source = "{{TestModule(consumerType)}}" :: use interface in pattern = {integer} }
        module app { instance {{producer}} instance {{consumer}} bind "{{producer}} out" "{{consumer}} in" }
        """;

    public static Configuration Parse(string text)
    {
        var result = ConfigurationParser.Parse(text, "test.mil");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Configuration!;
    }

    public static NodeOptions Options(FakeTimeProvider time, Recorder recorder) => new()
    {
        Time = time,
        Tracer = recorder,
        Output = recorder,
        BaseDirectory = AppContext.BaseDirectory,
        ProjectBuilder = new PrebuiltAssemblies(AppContext.BaseDirectory),
        // On fake time a deadline only passes when a test advances the clock that far.
        QuiesceTimeout = TimeSpan.FromHours(1),
    };

    /// <summary>
    /// The caller and the slow echo as modules (no application): a client asking 0, 1, 2… and a server
    /// that answers each a second later.
    /// </summary>
    public static string CallerAndEcho => $$"""
        module caller { source = "{{TestModule("Caller")}}" :: client interface ask pattern = {integer} accepts {~integer} }
        module echo { source = "{{TestModule("SlowEcho")}}" :: server interface ask pattern = {~integer} returns {integer} }
        """;

    /// <summary>Starts a node and returns once every module has run to its first wait.</summary>
    public static async Task<Node> StartAsync(string configuration, FakeTimeProvider time, Recorder recorder) =>
        await SettledAsync(await Node.StartAsync(Parse(configuration), Options(time, recorder)));

    public static async Task<Node> SettledAsync(Node node)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WhenIdleAsync(bound.Token);
        return node;
    }
}
