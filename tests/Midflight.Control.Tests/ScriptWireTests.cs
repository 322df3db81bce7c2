using System.Collections.Immutable;
using System.Text.Json;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.Scripting;

namespace Midflight.Control.Tests;

/// <summary>A script's plan and the application it sees cross between processes as JSON, and come out as they went in.</summary>
public sealed class ScriptWireTests
{
    private const string Modules = """
        module display { source = "Monitor.csproj#Display" machine = host1 weight = 3 note = "a \"quoted\" note" ::
          client interface temper pattern = {integer, string[][]} accepts {~float} ::
          reconfiguration point = {R, S(x, y)} :: }
        module compute { source = "Monitor.dll#Compute" :: server interface display pattern = {~integer, ~string[][]} returns {float} :: }
        module app { instance display instance compute bind "display temper" "compute display" }
        """;

    private static T RoundTrip<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, ScriptWire.Options), ScriptWire.Options)!;

    [Fact]
    public void Every_step_a_script_can_plan_comes_back_equal()
    {
        var spec = ConfigurationParser.Parse(Modules, "app.mil").Configuration!.Modules[0];
        var old = ModuleRef.Current("display");
        var @new = ModuleRef.New("display");
        ImmutableArray<ReconfigurationStep> steps =
        [
            new AddModule(@new, spec.WithAttribute("status", "clone")),
            new DeleteBinding(old["temper"], ModuleRef.Current("compute")["display"]),
            new AddBinding(@new["temper"], ModuleRef.Current("compute")["display"]),
            new CopyQueue(old["temper"], @new["temper"]),
            new RemoveQueue(old["temper"]),
            new MoveState(old, @new),
            new StartModule(@new),
            new DeleteModule(old),
        ];

        var back = RoundTrip(new ScriptPlan(steps, null));

        // As lists: xunit compares two ImmutableArrays by reference.
        Assert.Equal([.. steps], back.Steps.ToList());
        Assert.Null(back.Error);
    }

    [Fact]
    public void The_application_a_script_sees_comes_back_equal()
    {
        var configuration = ConfigurationParser.Parse(Modules, "app.mil").Configuration!;
        var application = new ApplicationStatus(
            [.. configuration.Modules.Select(m => new InstanceStatus(m.Name, m, new ModuleActivity(ModuleStatus.Waiting, "temper", true), ImmutableDictionary<string, int>.Empty.Add("display", 2)))],
            [.. configuration.Application.Bindings]);

        var back = RoundTrip(application);

        Assert.Equal(application.Instances.Select(i => (i.Name, i.Spec, i.Activity, string.Join(",", i.QueueDepths))), back.Instances.Select(i => (i.Name, i.Spec, i.Activity, string.Join(",", i.QueueDepths))));
        Assert.Equal([.. application.Bindings], back.Bindings.ToList());
    }

    [Fact]
    public void A_step_a_script_cannot_plan_is_not_read()
    {
        var error = Record.Exception(() => JsonSerializer.Deserialize<ScriptPlan>("""{"Steps":[{"step":"stopModule","Module":{"Name":"x","IsNew":false}}],"Error":null}""", ScriptWire.Options));

        // The two ScriptRunner turns into "no readable plan".
        Assert.True(error is JsonException or NotSupportedException, error?.ToString());
    }
}
