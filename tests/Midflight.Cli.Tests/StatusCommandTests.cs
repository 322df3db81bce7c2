using System.Text.Json;
using Midflight.Control;
using Midflight.Control.Tests;
using Midflight.Runtime;

namespace Midflight.Cli.Tests;

/// <summary><c>midflight status</c>, <c>replace</c> and <c>replicate</c> drive a running node through its control endpoint.</summary>
public sealed class StatusCommandTests : IAsyncLifetime
{
    private EndpointNode _running = null!;

    private string Configuration => _running.Configuration;

    public async Task InitializeAsync() => _running = await EndpointNode.StartAsync();

    public async Task DisposeAsync() => await _running.DisposeAsync();

    [Fact]
    public async Task Status_shows_the_running_node_s_instances_and_bindings()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("status", Configuration);

        Assert.Equal(0, exit);
        Assert.Contains(cli.Output.Split('\n'), l => l.Contains("collector", StringComparison.Ordinal) && l.Contains("in: ", StringComparison.Ordinal));
        Assert.Contains("bind \"counter out\" -> \"collector in\"", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_json_lists_the_instances()
    {
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("status", Configuration, "--json"));

        using var json = JsonDocument.Parse(cli.Output);
        Assert.Equal(["collector", "counter"], json.RootElement.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Status_shows_where_each_instance_runs_and_its_json_gives_bindings_as_objects()
    {
        Assert.Equal(0, await new CliRun().InvokeAsync("move", Configuration, "collector", "--to", "host2"));
        var table = new CliRun();
        var json = new CliRun();

        Assert.Equal(0, await table.InvokeAsync("status", Configuration));
        Assert.Equal(0, await json.InvokeAsync("status", Configuration, "--json"));

        Assert.Matches(@"(?m)^collector +collector +\S+ +host2 ", table.Output);
        Assert.Matches(@"(?m)^counter +counter +\S+ +- ", table.Output);
        using var document = JsonDocument.Parse(json.Output);
        var collector = document.RootElement.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "collector");
        Assert.Equal("host2", collector.GetProperty("machine").GetString());
        var binding = document.RootElement.GetProperty("bindings").EnumerateArray().Single();
        Assert.Equal(("counter", "out", "collector", "in"), (
            binding.GetProperty("from").GetProperty("instance").GetString(), binding.GetProperty("from").GetProperty("interface").GetString(),
            binding.GetProperty("to").GetProperty("instance").GetString(), binding.GetProperty("to").GetProperty("interface").GetString()));
    }

    [Fact]
    public async Task Replace_goes_through_the_endpoint_and_an_unknown_instance_is_refused()
    {
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("replace", Configuration, "collector"));
        Assert.StartsWith("replaced in ", cli.Output, StringComparison.Ordinal);

        var refused = new CliRun();
        Assert.Equal(3, await refused.InvokeAsync("replace", Configuration, "nobody"));
        Assert.Contains("there is no instance 'nobody'", refused.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_with_json_prints_what_it_did_or_why_it_was_refused_for_scripts()
    {
        var cli = new CliRun();
        Assert.Equal(0, await cli.InvokeAsync("replace", Configuration, "collector", "--json"));
        using (var done = JsonDocument.Parse(cli.Output))
        {
            Assert.True(done.RootElement.GetProperty("committed").GetBoolean());
            Assert.True(done.RootElement.GetProperty("steps").GetInt32() > 0);
            Assert.True(done.RootElement.GetProperty("durationMs").GetDouble() >= 0);
        }

        var refused = new CliRun();
        Assert.Equal(3, await refused.InvokeAsync("remove", Configuration, "nobody", "--json"));
        using var why = JsonDocument.Parse(refused.Output);
        Assert.False(why.RootElement.GetProperty("committed").GetBoolean());
        Assert.Equal("there is no instance 'nobody'", why.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Replicate_hands_an_instance_to_a_replica_and_back_and_a_version_that_does_not_load_moves_nothing()
    {
        var cli = new CliRun();
        Assert.Equal(0, await cli.InvokeAsync("replicate", Configuration, "collector"));
        Assert.StartsWith("replicated in ", cli.Output, StringComparison.Ordinal);

        var refused = new CliRun();
        var broken = Path.Combine(_running.Folder, "Broken.dll");
        await File.WriteAllTextAsync(broken, "not an assembly");
        Assert.Equal(3, await refused.InvokeAsync("replicate", Configuration, "collector", "--with", broken));
        Assert.Contains("Broken.dll", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("the new version does not fit, so nothing moved", refused.Errors, StringComparison.Ordinal);

        Assert.Equal(["collector", "counter"], _running.Node.Status.Instances.Select(i => i.Name));
        Assert.Equal("Midflight.TestModules.dll", _running.Node.Status["collector"].Spec.Source.Path);
    }

    [Fact]
    public async Task Replace_takes_a_timeout_and_refuses_a_malformed_one()
    {
        var cli = new CliRun();
        Assert.Equal(0, await cli.InvokeAsync("replace", Configuration, "collector", "--timeout", "5s"));

        var malformed = new CliRun();
        Assert.Equal(1, await malformed.InvokeAsync("replace", Configuration, "collector", "--timeout", "soon"));
    }

    [Fact]
    public async Task Replace_when_idle_names_instances_the_node_must_find_idle()
    {
        var cli = new CliRun();
        Assert.Equal(0, await cli.InvokeAsync("replace", Configuration, "collector", "--when-idle", "counter"));

        var unknown = new CliRun();
        Assert.Equal(3, await unknown.InvokeAsync("replace", Configuration, "collector", "--when-idle", "counter,nobody"));
        Assert.Contains("there is no instance 'nobody'", unknown.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_runs_a_reconfiguration_script_on_the_node_and_reports_a_broken_one()
    {
        var script = Path.Combine(_running.Folder, "swap.csx");
        await File.WriteAllTextAsync(script, """
            var name = Arg("module", "nobody");
            AddModule(New(name), Spec(name));
            foreach (var b in BindingsTo(name))
            {
                DeleteBinding(Current(b.From.Instance)[b.From.Interface], Current(name)[b.To.Interface]);
                AddBinding(Current(b.From.Instance)[b.From.Interface], New(name)[b.To.Interface]);
            }
            StartModule(New(name));
            DeleteModule(Current(name));
            """);
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("script", Configuration, script, "--arg", "module=collector"));
        Assert.StartsWith("5 steps committed", cli.Output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(script, "DeleteModul(Current(\"collector\"));");
        var broken = new CliRun();
        Assert.Equal(3, await broken.InvokeAsync("script", Configuration, script));
        Assert.Contains("swap.csx(1,1): error CS0103: The name 'DeleteModul' does not exist in the current context", broken.Errors, StringComparison.Ordinal);

        var malformed = new CliRun();
        Assert.Equal(1, await malformed.InvokeAsync("script", Configuration, script, "--arg", "module"));
        Assert.Equal("error: --arg takes name=value, not 'module'", malformed.Errors.Trim());
    }

    [Fact]
    public async Task Script_prints_what_the_script_printed_and_one_that_exits_is_refused()
    {
        var script = Path.Combine(_running.Folder, "talk.csx");
        await File.WriteAllTextAsync(script, "Console.WriteLine($\"planning nothing for {Arg(\"who\", \"nobody\")}\");");
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("script", Configuration, script, "--arg", "who=you"));
        Assert.StartsWith("planning nothing for you\n0 steps committed", cli.Output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(script, "Environment.Exit(7);");
        var exits = new CliRun();
        Assert.Equal(3, await exits.InvokeAsync("script", Configuration, script));
        Assert.Contains("the script's process ended (exit code 7) before it gave back a plan", exits.Errors, StringComparison.Ordinal);
        Assert.Equal(0, await new CliRun().InvokeAsync("status", Configuration));
    }

    [Fact]
    public async Task Remove_force_takes_out_an_instance_that_never_gives_control_back()
    {
        await using var spinning = await EndpointNode.StartAsync("""
            module spinner { source = "Midflight.TestModules.dll#Midflight.TestModules.Spinner" :: use interface in pattern = {integer} }
            module app { instance spinner }
            """);
        try
        {
            // Without --force the node would wait for a quiet moment that never comes: bounded here.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var cli = new CliRun();

            Assert.Equal(0, await cli.InvokeAsync(["remove", spinning.Configuration, "spinner", "--force"], bound.Token));

            Assert.StartsWith("removed in ", cli.Output, StringComparison.Ordinal);
            Assert.Empty(spinning.Node.Status.Instances);
        }
        finally
        {
            Midflight.TestModules.Spinner.Release();
        }
    }

    [Fact]
    public async Task Status_of_a_node_that_stopped_says_it_is_not_running()
    {
        await _running.StopEndpointAsync();
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("status", Configuration);

        Assert.Equal(4, exit);
        Assert.Contains("no node 'app' is running with a control endpoint", cli.Errors, StringComparison.Ordinal);
    }
}
