using Midflight.Model;

namespace Midflight.Model.Tests;

public sealed class Figure2Tests
{
    private static ParseResult ParseMonitor() =>
        ConfigurationParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "monitor.mil")), "monitor.mil");

    [Fact]
    public void The_paper_configuration_parses_without_diagnostics()
    {
        var result = ParseMonitor();

        Assert.Empty(result.Diagnostics);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void The_modules_have_the_interfaces_and_patterns_of_figure_2()
    {
        var configuration = ParseMonitor().Configuration!;

        var display = configuration.FindModule("display")!.FindInterface("temper")!;
        Assert.Equal(InterfaceKind.Client, display.Kind);
        Assert.Equal("{integer}", display.Pattern.ToString());
        Assert.Equal("{~float}", display.Accepts!.ToString());

        var compute = configuration.FindModule("compute")!;
        Assert.Equal("{~integer}", compute.FindInterface("display")!.Pattern.ToString());
        Assert.Equal("{float}", compute.FindInterface("display")!.Returns!.ToString());
        Assert.Equal(InterfaceKind.Use, compute.FindInterface("sensor")!.Kind);
        Assert.Equal("R", Assert.Single(compute.ReconfigurationPoints).Label);
        Assert.Equal(new ModuleSource("Monitor.csproj", "Midflight.Examples.Monitor.Compute"), compute.Source);

        Assert.Equal(InterfaceKind.Define, configuration.FindModule("sensor")!.FindInterface("out")!.Kind);
    }

    [Fact]
    public void The_application_has_three_instances_and_two_bindings_outgoing_side_first()
    {
        var application = ParseMonitor().Configuration!.Application;

        Assert.Equal("monitor", application.Name);
        Assert.Equal(["display", "compute", "sensor"], application.Instances.Select(i => i.Name));
        Assert.Equal(
            [new BindingSpec(new("display", "temper"), new("compute", "display")), new BindingSpec(new("sensor", "out"), new("compute", "sensor"))],
            application.Bindings);
    }

    [Fact]
    public void Printing_then_parsing_gives_the_same_configuration()
    {
        var configuration = ParseMonitor().Configuration!;

        var reparsed = ConfigurationParser.Parse(ConfigurationPrinter.Print(configuration));

        Assert.Empty(reparsed.Diagnostics);
        Assert.Equal(configuration, reparsed.Configuration);
    }
}
