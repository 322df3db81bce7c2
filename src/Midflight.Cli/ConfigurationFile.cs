using Midflight.Model;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>Reads and parses a configuration file for a command, reporting problems the way compilers do.</summary>
internal static class ConfigurationFile
{
    /// <returns>The configuration, or null when it could not be read or has errors (already reported).</returns>
    public static Configuration? Load(FileInfo file, IAnsiConsole console, TextWriter errors)
    {
        if (!InputFile.Exists(file, errors))
        {
            return null;
        }
        var result = ConfigurationParser.Parse(File.ReadAllText(file.FullName), file.FullName);
        foreach (var diagnostic in result.Diagnostics)
        {
            errors.WriteLine(diagnostic.ToString());
        }
        if (!result.Succeeded)
        {
            console.MarkupLine($"[red]{Counted.Of(result.Diagnostics.Count(d => d.IsError), "error")}[/] in {Markup.Escape(file.Name)}");
        }
        return result.Configuration;
    }
}
