using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Midflight.Runtime;

/// <summary>
/// Builds module projects with the .NET SDK (<c>dotnet build</c>). A project that built is built once
/// per builder, however many modules name it, since the modules of an application often share one
/// project, until asked to build it again (an update); one that failed, or whose build was
/// cancelled, is built again when next asked for. Each build is logged as it starts and ends: a
/// cold build takes tens of seconds, which nobody should have to wait through in silence.
/// </summary>
public sealed partial class DotnetProjectBuilder(string configuration = "Release", ILogger<DotnetProjectBuilder>? logger = null) : IProjectBuilder
{
    private readonly ILogger _logger = logger ?? NullLogger<DotnetProjectBuilder>.Instance;

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _builds = new(StringComparer.Ordinal);

    public async Task<string> BuildAsync(string projectPath, bool again, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(projectPath);
        var fresh = new Lazy<Task<string>>(() => Build(path, cancellationToken));
        // Building again waits for a build of the same project under way: two builds of one project
        // at once would trip over each other's files, and the earlier may predate the sources asked for.
        var build = again
            ? _builds.AddOrUpdate(path, fresh, (_, earlier) => new Lazy<Task<string>>(() => After(earlier, () => Build(path, cancellationToken))))
            : _builds.GetOrAdd(path, fresh);
        try
        {
            return await build.Value.ConfigureAwait(false);
        }
        catch
        {
            // Only a success is shared: the next caller tries again, with its own cancellation.
            _builds.TryRemove(KeyValuePair.Create(path, build));
            throw;
        }
    }

    private static async Task<string> After(Lazy<Task<string>> earlier, Func<Task<string>> build)
    {
        if (earlier.IsValueCreated)
        {
            try
            {
                await earlier.Value.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Its failure is its own caller's; this build only waits for it to end.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
        return await build().ConfigureAwait(false);
    }

    private async Task<string> Build(string projectPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(projectPath))
        {
            throw new ModuleLoadException($"project '{projectPath}' does not exist");
        }
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // With -getProperty the SDK only evaluates unless a target is named; with -t:Build it builds and
        // then prints the property alone on standard output (SDK 8 and later).
        foreach (var argument in new[] { "build", projectPath, "-c", configuration, "-nologo", "-v:q", "-t:Build", "-getProperty:TargetPath" })
        {
            start.ArgumentList.Add(argument);
        }
        LogBuilding(projectPath, configuration);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new ModuleLoadException("could not start 'dotnet' to build modules");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var printed = (await output.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            throw new ModuleLoadException($"building '{projectPath}' failed:\n{printed}\n{await errors.ConfigureAwait(false)}".TrimEnd());
        }
        var took = Stopwatch.GetElapsedTime(started);
        LogBuilt(projectPath, took.TotalSeconds);
        var targetPath = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return targetPath is not null && File.Exists(targetPath)
            ? targetPath
            : throw new ModuleLoadException($"building '{projectPath}' did not say where its assembly is (got \"{printed}\")");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Building module project {Project} (dotnet build -c {Configuration})")]
    private partial void LogBuilding(string project, string configuration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built {Project} in {Seconds:0.#} s")]
    private partial void LogBuilt(string project, double seconds);
}
