using Midflight.Model;
using Midflight.Transform.Procedures;

namespace Midflight.Runtime.Procedures;

/// <summary>Where a procedure update's code comes from: the module's sources as they are now, and what the running version was built against.</summary>
internal static class ProcedureSources
{
    private static readonly EnumerationOptions Recursive = new() { RecurseSubdirectories = true, IgnoreInaccessible = true };

    /// <summary>
    /// The module project's sources: every .cs file under its folder but build output (bin, obj) and
    /// folders that are projects of their own, with the project's global usings as its last build
    /// wrote them. A <paramref name="source"/> file stands for the project's file of the same name (one
    /// part of a partial class, say), or, if there is none, for the files that declare the module class.
    /// </summary>
    /// <exception cref="ReconfigurationException">Nothing to compile: no project, or no such file.</exception>
    public static IReadOnlyList<SourceFile> Of(ModuleSpec spec, string baseDirectory, string? source)
    {
        var project = spec.Source.IsProject ? Path.GetDirectoryName(Path.GetFullPath(spec.Source.Path, baseDirectory))! : null;
        var given = source is null ? null : Path.GetFullPath(source, baseDirectory);
        if (given is not null && !File.Exists(given) && !Directory.Exists(given))
        {
            throw new ReconfigurationException($"there is no file or folder '{given}' to take the new procedures from; nothing changed");
        }
        if (given is not null && (Directory.Exists(given) || given.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)))
        {
            return ProjectFiles(Directory.Exists(given) ? given : Path.GetDirectoryName(given)!);
        }
        if (project is null)
        {
            return given is null
                ? throw new ReconfigurationException($"module '{spec.Name}' is loaded from an assembly ({spec.Source.Path}), not built from a project: name the new sources (--source FILE.cs)")
                : [Read(given)];
        }
        var files = ProjectFiles(project);
        if (given is null)
        {
            return files;
        }
        // The project's file of the same name, such as one part of a partial class; else every file that declares the class.
        var name = Path.GetFileName(given);
        if (files.Any(f => string.Equals(Path.GetFileName(f.Path), name, StringComparison.Ordinal)))
        {
            return [.. files.Where(f => !string.Equals(Path.GetFileName(f.Path), name, StringComparison.Ordinal)), Read(given)];
        }
        var declaring = $"class {spec.Source.TypeName[(spec.Source.TypeName.LastIndexOf('.') + 1)..]}";
        return [.. files.Where(f => !f.Text.Contains(declaring, StringComparison.Ordinal)), Read(given)];
    }

    private static List<SourceFile> ProjectFiles(string folder)
    {
        var nested = Directory.EnumerateFiles(folder, "*.csproj", Recursive)
            .Select(p => Path.GetDirectoryName(p)!)
            .Where(d => !string.Equals(d, folder, StringComparison.Ordinal))
            .ToList();
        bool Outside(string path) =>
            Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj"
            || nested.Any(n => path.StartsWith(n + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        var sources = Directory.EnumerateFiles(folder, "*.cs", Recursive).Where(p => !Outside(p)).Select(Read).ToList();
        // The implicit usings the SDK gives the project: its newest build wrote them.
        var output = Path.Combine(folder, "obj");
        if (Directory.Exists(output)
            && Directory.EnumerateFiles(output, "*.GlobalUsings.g.cs", Recursive).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() is { } usings)
        {
            sources.Add(Read(usings));
        }
        return sources;
    }

    private static SourceFile Read(string path) => new(path, File.ReadAllText(path));

    /// <summary>
    /// The assemblies to compile against, the module's own world: the platform's, Midflight's that the
    /// module shares with the node, and those beside the module's assembly that it references. Not
    /// every assembly of the node's process (its host may carry other versions of the same classes),
    /// nor every file beside the module.
    /// </summary>
    public static IReadOnlyList<string> References(System.Reflection.Assembly module, string moduleAssemblyPath)
    {
        var runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.StartsWith(runtime, StringComparison.Ordinal));
        string[] shared = [.. Loading.ModuleLoadContext.SharedAssemblies.Select(a => a.Location)];
        var known = platform.Concat(shared).Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var folder = Path.GetDirectoryName(moduleAssemblyPath)!;
        var beside = module.GetReferencedAssemblies()
            .Where(r => r.Name is { } name && !known.Contains(name))
            .Select(r => Path.Combine(folder, r.Name + ".dll"))
            .Where(File.Exists);
        return [.. platform, .. shared, .. beside];
    }
}
