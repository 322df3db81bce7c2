using System.CommandLine;
using Midflight.Model;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary><c>midflight check FILE</c>: validates a configuration and summarises the application.</summary>
internal static class CheckCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil)" };
        var command = new Command("check", "Validate a configuration: print its errors, or a summary of the application") { file };
        command.SetAction(parseResult =>
        {
            var configuration = ConfigurationFile.Load(parseResult.GetValue(file)!, console, errors);
            if (configuration is null)
            {
                return ExitCodes.InvalidInput;
            }
            Summarise(configuration, console);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Summarise(Configuration configuration, IAnsiConsole console)
    {
        var application = configuration.Application;
        console.MarkupLine(
            $"[green]ok[/]: application [bold]{Markup.Escape(application.Name)}[/] with {Counted.Of(application.Instances.Count, "instance")} and {Counted.Of(application.Bindings.Count, "binding")}");
        var instances = new TableOutput("instance", "module", "source", "interfaces", "reconfiguration points");
        foreach (var instance in application.Instances)
        {
            var module = configuration.ModuleOf(instance);
            instances.Add(
                instance.Name,
                module.Name,
                module.Source.ToString(),
                string.Join(", ", module.Interfaces.Select(i => $"{i.Kind.Keyword()} {i.Name}")),
                string.Join(", ", module.ReconfigurationPoints.Select(p => p.Label)));
        }
        instances.Write(console);
        var bindings = new TableOutput("from", "to");
        foreach (var binding in application.Bindings)
        {
            bindings.Add(binding.From.ToString(), binding.To.ToString());
        }
        bindings.Write(console);
    }
}
