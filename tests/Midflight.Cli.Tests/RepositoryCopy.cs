using System.Text.RegularExpressions;

namespace Midflight.Cli.Tests;

/// <summary>
/// As much of a clone of the repository as a walkthrough needs, in a temporary folder, so that what
/// it runs writes there (<c>.midflight/</c>, <c>bin/</c>, <c>obj/</c>) and never into the repository's
/// examples: the files at the root that every build reads, and copies of the examples named. An
/// example's projects reach the rest of the repository by relative paths (<c>..\..\src\…</c>); in
/// the copy those become absolute, so they build against this repository's <c>src/</c> — already
/// built, where copying it would build it all again. Deleted when disposed.
/// </summary>
internal sealed partial class RepositoryCopy : IDisposable
{
    private static readonly string[] RootFiles = ["Directory.Build.props", "Directory.Packages.props", ".editorconfig", "global.json"];

    private RepositoryCopy(string root) => Root = root;

    public string Root { get; }

    [GeneratedRegex(@"(?<=\b(Include|Project)="")[^""]+(?="")")]
    private static partial Regex PathAttribute();

    /// <summary>A copy with the examples named, as paths from the repository's root such as <c>examples/Banking</c>.</summary>
    public static RepositoryCopy Of(params string[] examples)
    {
        var copy = new RepositoryCopy(Directory.CreateTempSubdirectory("midflight-walkthrough-").FullName);
        foreach (var file in RootFiles.Where(f => File.Exists(CliRun.PathOf(f))))
        {
            File.Copy(CliRun.PathOf(file), Path.Combine(copy.Root, file));
        }
        foreach (var example in examples)
        {
            CopyExample(CliRun.PathOf(example), copy.PathOf(example));
        }
        return copy;
    }

    /// <summary>A path written from the repository's root, as README commands write them, in the copy.</summary>
    public string PathOf(string fromRoot) => Path.Combine(Root, fromRoot);

    private static void CopyExample(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".midflight"))
            {
                continue;
            }
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetExtension(file) is ".csproj" or ".props" or ".targets")
            {
                File.WriteAllText(target, Outside(File.ReadAllText(file), Path.GetDirectoryName(file)!, from));
            }
            else
            {
                File.Copy(file, target);
            }
        }
    }

    /// <summary>The project text with each relative path that leaves the example made absolute; those inside it stay as they are.</summary>
    private static string Outside(string project, string folder, string example) =>
        PathAttribute().Replace(project, value => string.Join(';', value.Value.Split(';').Select(path =>
        {
            if (!path.StartsWith("..", StringComparison.Ordinal))
            {
                return path;
            }
            var full = Path.GetFullPath(Path.Combine(folder, path.Replace('\\', '/')));
            return full.StartsWith(example + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : full;
        })));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
