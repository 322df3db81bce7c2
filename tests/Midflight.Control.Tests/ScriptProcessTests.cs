using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.Scripting;

namespace Midflight.Control.Tests;

/// <summary>
/// A script plans in a process of its own: one that ends its process, never ends, or prints, does so
/// there, and the node goes on untouched.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class ScriptProcessTests : IAsyncLifetime, IDisposable
{
    /// <summary>Replaces an instance by a new one of the same module, saying so on its console and its error stream.</summary>
    private const string Swap = """
        var name = Arg("module", "nobody");
        Console.WriteLine($"swapping {name}");
        Console.Error.WriteLine("and saying so on stderr");
        AddModule(New(name), Spec(name));
        foreach (var b in BindingsTo(name))
        {
            DeleteBinding(Current(b.From.Instance)[b.From.Interface], Current(name)[b.To.Interface]);
            AddBinding(Current(b.From.Instance)[b.From.Interface], New(name)[b.To.Interface]);
        }
        StartModule(New(name));
        DeleteModule(Current(name));
        """;

    private readonly LogCollector _log = new();
    private readonly HttpClient _http = new();
    private EndpointNode _running = null!;

    public async Task InitializeAsync()
    {
        _running = await EndpointNode.StartAsync(logging: LoggerFactory.Create(builder => builder.AddProvider(_log)));
        _http.BaseAddress = _running.Endpoint.Address;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _running.Files.Read().Token);
    }

    public async Task DisposeAsync() => await _running.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _log.Dispose();
    }

    /// <summary>
    /// In an application that takes Midflight from its packages, the script host's assembly lands in the
    /// application's output without a runtime configuration of its own: it still starts, on the node's
    /// runtime, with the application's assemblies, and plans.
    /// </summary>
    [Fact]
    public async Task A_script_host_without_a_runtime_configuration_beside_it_still_plans()
    {
        var application = Directory.CreateTempSubdirectory("midflight-application-");
        var job = Directory.CreateTempSubdirectory("midflight-script-");
        try
        {
            foreach (var assembly in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            {
                File.Copy(assembly, Path.Combine(application.FullName, Path.GetFileName(assembly)));
            }
            var files = new ScriptFiles(job.FullName);
            var script = new ScriptJob("plan.csx", "Console.WriteLine(\"planned on the application's copy\");", new Dictionary<string, string>(), _running.Node.Status);
            await File.WriteAllTextAsync(files.Job, JsonSerializer.Serialize(script, ScriptWire.Options));

            var exit = await ScriptProcess.RunAsync(Path.Combine(application.FullName, "Midflight.Scripting.Host.dll"), files, new ScriptLimits(), CancellationToken.None);

            Assert.True(exit.ExitCode == 0, exit.Output + exit.Errors);
            Assert.Contains("planned on the application's copy", exit.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(files.Plan));
        }
        finally
        {
            application.Delete(recursive: true);
            job.Delete(recursive: true);
        }
    }

    private async Task<(HttpStatusCode Status, ReconfigurationView View)> ScriptAsync(string name, string code, Dictionary<string, string>? args = null)
    {
        using var response = await _http.PostAsJsonAsync("/v1/script", new ScriptRequest(name, code, args));
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<ReconfigurationView>())!);
    }

    [Fact]
    public async Task A_script_that_calls_Environment_Exit_is_refused_and_the_node_keeps_running_and_answering()
    {
        var before = _running.Node.Status["collector"].Spec;

        var (status, refused) = await ScriptAsync("exit.csx", "Console.WriteLine(\"leaving\");\nEnvironment.Exit(7);");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(refused.Committed);
        Assert.Contains("the script's process ended (exit code 7) before it gave back a plan", refused.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", refused.Error, StringComparison.Ordinal);
        Assert.Equal("leaving\n", refused.Output);
        var view = await _http.GetFromJsonAsync<StatusView>("/v1/status");
        Assert.Equal(["collector", "counter"], view!.Instances.Select(i => i.Name));
        Assert.Same(before, _running.Node.Status["collector"].Spec);
    }

    [Fact]
    public async Task A_script_that_never_ends_is_stopped_at_its_time_limit_and_changes_nothing()
    {
        var before = _running.Node.Status;

        var error = await Assert.ThrowsAsync<ScriptException>(() => ScriptRunner.RunAsync(_running.Node, "loop.csx", "Console.WriteLine(\"looping\");\nwhile (true) { }",
            new Dictionary<string, string>(), "test", new ScriptLimits { TimeLimit = TimeSpan.FromSeconds(2) }, CancellationToken.None));

        Assert.Contains("the script did not finish planning within its time limit and was stopped", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.Instances.Select(i => (i.Name, i.Spec)), _running.Node.Status.Instances.Select(i => (i.Name, i.Spec)));
        Assert.Equal([.. before.Bindings], _running.Node.Status.Bindings.ToList());
        var view = await _http.GetFromJsonAsync<StatusView>("/v1/status");
        Assert.Equal(["collector", "counter"], view!.Instances.Select(i => i.Name));
    }

    [Fact]
    public async Task What_a_script_prints_comes_back_to_its_caller_not_to_the_node_s_console_and_its_plan_commits()
    {
        var before = _running.Node.Status["collector"].Spec;
        (HttpStatusCode Status, ReconfigurationView View) answer;
        using (var console = new ConsoleCapture())
        {
            answer = await ScriptAsync("swap.csx", Swap, new Dictionary<string, string> { ["module"] = "collector" });
            Assert.DoesNotContain("swapping", console.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("stderr", console.Text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.View.Committed, answer.View.Error);
        Assert.Equal(5, answer.View.Steps);
        Assert.Equal("swapping collector\nand saying so on stderr\n", answer.View.Output);
        Assert.DoesNotContain(_log.Lines, line => line.Contains("swapping", StringComparison.Ordinal));
        Assert.NotSame(before, _running.Node.Status["collector"].Spec);
        Assert.Equal(["\"counter out\" -> \"collector in\""], _running.Node.Status.Bindings.Select(b => b.ToString()));
    }

    [Fact]
    public async Task A_script_that_reads_its_console_reads_nothing_and_a_thrown_exception_is_refused_with_what_it_printed()
    {
        var (status, refused) = await ScriptAsync("read.csx", "Console.WriteLine(Console.In.ReadToEnd().Length);\nthrow new InvalidOperationException(\"no plan today\");");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("the script failed while planning (InvalidOperationException: no plan today); nothing was changed", refused.Error);
        Assert.Equal("0\n", refused.Output);
    }
}
