using Midflight.Runtime;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>Shows what modules print, each line under its instance's name.</summary>
internal sealed class SpectreModuleOutput(IAnsiConsole console) : IModuleOutput
{
    public void Print(string instance, string text) =>
        console.MarkupLine($"[bold blue]{Markup.Escape(instance)}[/]: {Markup.Escape(text)}");
}
