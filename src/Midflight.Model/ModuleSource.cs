namespace Midflight.Model;

/// <summary>
/// Where a module's code is: a project (<c>.csproj</c>) or an assembly (<c>.dll</c>), and the module
/// class in it. Written <c>source = "Monitor.Modules.csproj#Midflight.Examples.Monitor.Compute"</c>;
/// a relative path is relative to the configuration file.
/// </summary>
public sealed record ModuleSource(string Path, string TypeName)
{
    public const char Separator = '#';

    public bool IsProject => Path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a <c>source</c> value; returns null with the reason when it is malformed.</summary>
    public static ModuleSource? TryParse(string text, out string? problem)
    {
        var hash = text.LastIndexOf(Separator);
        if (hash < 0)
        {
            problem = $"source \"{text}\" must name a project or assembly and a module class, as \"path{Separator}Namespace.Class\"";
            return null;
        }
        var path = text[..hash].Trim();
        var type = text[(hash + 1)..].Trim();
        if (path.Length == 0 || type.Length == 0)
        {
            problem = $"source \"{text}\" has an empty {(path.Length == 0 ? "path" : "class name")}";
            return null;
        }
        if (!path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            problem = $"source path \"{path}\" must be a project (.csproj) or an assembly (.dll)";
            return null;
        }
        problem = null;
        return new ModuleSource(path, type);
    }

    public override string ToString() => Path + Separator + TypeName;
}
