namespace Midflight.Cli.Tests;

/// <summary>
/// A copy of one of the repository's examples in a temporary folder, for tests that run it: a node
/// writes its files beside its configuration, and a build its bin and obj beside the project, which
/// must not happen in the examples a user may be walking through at the same time. The copy's
/// project refers to this repository's sources, as the example does from its own place.
/// </summary>
internal sealed class ExampleCopy : IDisposable
{
    private ExampleCopy(string folder) => Folder = folder;

    public string Folder { get; }

    public string PathOf(string file) => Path.Combine(Folder, file);

    public static ExampleCopy Of(string example)
    {
        var source = CliRun.PathOf("examples", example);
        var folder = Directory.CreateTempSubdirectory($"midflight-{example.ToLowerInvariant()}-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj" or ".midflight")
            {
                continue;
            }
            var target = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        // The example's paths into the repository, from its own place; and the settings its folder
        // would inherit there (target framework, analyzers).
        var repository = CliRun.RepositoryRoot + Path.DirectorySeparatorChar;
        foreach (var project in Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
        {
            var up = string.Concat(Enumerable.Repeat(@"..\", Path.GetRelativePath(folder, project).Count(c => c == Path.DirectorySeparatorChar) + 2));
            File.WriteAllText(project, File.ReadAllText(project).Replace(up + @"src\", repository + "src" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        }
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), $"""
            <Project>
              <Import Project="{Path.Combine(CliRun.RepositoryRoot, "Directory.Build.props")}" />
            </Project>
            """);
        return new ExampleCopy(folder);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
