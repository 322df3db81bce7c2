using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Midflight.Scripting;

namespace Midflight.Control;

/// <summary>How a script's process ended: in time with its exit code, or stopped at the time limit; and what it printed.</summary>
internal sealed record ScriptProcessExit(bool TimedOut, int ExitCode, string Output, string Errors);

/// <summary>
/// Starts the process a script plans in (<c>dotnet Midflight.Scripting.Host.dll FOLDER</c>) and waits
/// for it within the time limit, killing it, and any process it started, past that. Its standard
/// input is closed and its output captured: nothing it does reaches the node's console.
/// </summary>
internal static class ScriptProcess
{
    /// <summary>The host assembly: beside Midflight.Control, where a project or package reference puts it.</summary>
    private static string HostAssembly => typeof(ScriptHost).Assembly.Location;

    /// <summary>
    /// The arguments that start the host. Built as a project of its own it has its runtime configuration
    /// beside it; taken from a package into an application's output it has none, and runs on the
    /// runtime the node runs on, with the assemblies beside it (the application's, which hold every
    /// assembly the host needs, since the application references it).
    /// </summary>
    private static IEnumerable<string> HostArguments(string hostAssembly, ScriptFiles files)
    {
        if (File.Exists(Path.ChangeExtension(hostAssembly, ".runtimeconfig.json")))
        {
            return [hostAssembly, files.Folder];
        }
        var configuration = Path.Combine(files.Folder, "host.runtimeconfig.json");
        var version = Environment.Version;
        File.WriteAllText(configuration, $$"""
            { "runtimeOptions": { "tfm": "net{{version.Major}}.{{version.Minor}}", "framework": { "name": "Microsoft.NETCore.App", "version": "{{version}}" } } }
            """);
        return ["exec", "--runtimeconfig", configuration, hostAssembly, files.Folder];
    }

    /// <summary>
    /// The <c>dotnet</c> this process runs on, so the script runs on the node's runtime; failing that,
    /// the one the SDK names (<c>DOTNET_HOST_PATH</c>), then the one on the PATH.
    /// </summary>
    private static string Dotnet =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : "dotnet";

    public static Task<ScriptProcessExit> RunAsync(ScriptFiles files, ScriptLimits limits, CancellationToken cancellationToken) =>
        RunAsync(HostAssembly, files, limits, cancellationToken);

    /// <summary>Runs the script with the host assembly at <paramref name="hostAssembly"/>.</summary>
    internal static async Task<ScriptProcessExit> RunAsync(string hostAssembly, ScriptFiles files, ScriptLimits limits, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Dotnet, HostArguments(hostAssembly, files))
        {
            WorkingDirectory = files.Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Start(start);
        using var limit = new CancellationTokenSource(limits.TimeLimit, limits.Time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        // A script that reads its console reads nothing, rather than the node's input.
        process.StandardInput.Close();
        // Read to the end whatever happens, so that a script stopped at the limit still shows what it printed.
        var output = ReadAsync(process.StandardOutput, limits.OutputLimit);
        var errors = ReadAsync(process.StandardError, limits.OutputLimit);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(either.Token).ConfigureAwait(false);
            // The pipes close when the last process holding them ends; one the script started may hold them still.
            await Task.WhenAll(output, errors).WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
        }
        finally
        {
            Stop(process);
        }
        if (timedOut)
        {
            try
            {
                // Killed with every process it started, its pipes close at once; a process that left the tree could keep them open.
                await Task.WhenAll(output, errors).WaitAsync(TimeSpan.FromSeconds(5), limits.Time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Then what it printed is lost, not the refusal.
            }
        }
        return new ScriptProcessExit(timedOut, timedOut ? -1 : process.ExitCode, Text(output), Text(errors));
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new ScriptException($"could not start '{start.FileName}' to run the script; nothing was changed");
        }
        catch (Win32Exception exception)
        {
            throw new ScriptException($"could not start '{start.FileName}' to run the script ({exception.Message}); nothing was changed", exception);
        }
    }

    private static string Text(Task<string> read) => read.IsCompletedSuccessfully ? read.Result : "";

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Reads all a pipe gives, keeping at most <paramref name="limit"/> characters: the process is never blocked on a full pipe.</summary>
    private static async Task<string> ReadAsync(StreamReader reader, int limit)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        var dropped = false;
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            var kept = Math.Min(read, limit - text.Length);
            text.Append(buffer, 0, kept);
            dropped |= kept < read;
        }
        return dropped ? text.Append(CultureInfo.InvariantCulture, $"\n[the script printed more than {limit} characters; the rest was dropped]\n").ToString() : text.ToString();
    }
}
