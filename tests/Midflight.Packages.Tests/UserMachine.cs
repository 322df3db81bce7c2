using System.Text.RegularExpressions;
using Midflight.Cli.Tests;

namespace Midflight.Packages.Tests;

/// <summary>
/// A folder outside the repository standing for a user's machine: a feed of the packages packed from
/// this repository, a private NuGet packages folder, a private tool path and a private .NET home for
/// templates, so nothing the tests install reaches the user's own. The packages get a version of this
/// run's own, so no package of an earlier run, in any cache, can stand in for them.
/// </summary>
internal sealed partial class UserMachine : IDisposable
{
    /// <summary>How long a pack, a restore or a build may take on a loaded CI machine.</summary>
    public static readonly TimeSpan BuildPatience = TimeSpan.FromMinutes(8);

    public UserMachine()
    {
        Folder = Directory.CreateTempSubdirectory("midflight-user-").FullName;
        Version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        Directory.CreateDirectory(Feed);
        // The feed first; packages the machine has already are taken from its own folder, read only.
        File.WriteAllText(Path.Combine(Folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="midflight" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{globalPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        Variables = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(Folder, "packages"),
            ["DOTNET_CLI_HOME"] = Path.Combine(Folder, "home"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
            // No build process outlives the test.
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };
    }

    public string Folder { get; }

    public string Version { get; }

    public string Feed => Path.Combine(Folder, "feed");

    public string Tools => Path.Combine(Folder, "tools");

    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>The repository's root: where Midflight.slnx is, above the tests' output.</summary>
    public static string Repository { get; } = FindRepository();

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Midflight.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no Midflight.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>Packs every package into the feed, built apart from the repository's own outputs (which other tests use meanwhile), with warnings as errors.</summary>
    public Task<(int Exit, string Output)> PackAsync() => DotnetAsync(Repository,
        "pack", Path.Combine(Repository, "Midflight.Packages.slnf"), "-c", "Release",
        "--artifacts-path", Path.Combine(Folder, "build"),
        $"-p:PackageOutputPath={Feed}/", $"-p:VersionSuffix={Version["0.1.0-".Length..]}", "-warnaserror");

    public Task<(int Exit, string Output)> DotnetAsync(string workingDirectory, params string[] arguments) =>
        MidflightProcess.RunAsync("dotnet", arguments, Variables, workingDirectory, BuildPatience);

    /// <summary>The installed <c>midflight</c> tool, run to its end.</summary>
    public Task<(int Exit, string Output)> MidflightAsync(string workingDirectory, params string[] arguments) =>
        MidflightProcess.RunAsync(Path.Combine(Tools, "midflight"), arguments, Variables, workingDirectory, BuildPatience);

    /// <summary>The packages in the feed, by id.</summary>
    public IReadOnlyList<string> Packages() =>
        [.. Directory.GetFiles(Feed, "*.nupkg").Select(p => PackageId().Match(Path.GetFileName(p)).Groups["id"].Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^(?<id>.+?)\.\d+\.\d+\.\d+-")]
    private static partial Regex PackageId();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temporary folder is the system's to clean.
        }
    }
}
