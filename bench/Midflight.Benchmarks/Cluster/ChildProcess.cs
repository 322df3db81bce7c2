using System.Diagnostics;
using System.Globalization;

namespace Midflight.Benchmarks.Cluster;

/// <summary>
/// The second node: this benchmark's own executable run as <c>cluster-child</c>, which joins the parent's
/// cluster and serves the raw baseline, then says <c>ready PORT</c> on its standard output. Disposing it
/// kills it; it also ends by itself when its standard input closes, so it never outlives the parent.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    public const string Command = "cluster-child";
    public const string ReadyPrefix = "ready ";

    /// <summary>The cluster's secret travels in the environment, not on a command line that any process can read.</summary>
    public const string SecretVariable = "MIDFLIGHT_BENCH_SECRET";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private ChildProcess(Process process, int rawPort)
    {
        _process = process;
        RawPort = rawPort;
    }

    /// <summary>The port of the child's raw actor system.</summary>
    public int RawPort { get; }

    /// <summary>Starts the child, joining the cluster through <paramref name="seed"/>, and waits until it is ready.</summary>
    public static async Task<ChildProcess> StartAsync(string seed, string imageFolder, string secret)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(ChildProcess).Assembly.Location, Command, "--seed", seed, "--images", imageFolder })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment[SecretVariable] = secret;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the child process did not start");
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("the child process ended before it was ready"));
            }
            else if (line.Data.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(int.Parse(line.Data.AsSpan(ReadyPrefix.Length), CultureInfo.InvariantCulture));
            }
            else
            {
                Console.WriteLine($"child: {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        try
        {
            return new ChildProcess(process, await ready.Task.WaitAsync(StartTimeout));
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    public void Dispose() => Kill(_process);

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        process.Dispose();
    }
}
