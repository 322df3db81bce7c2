using Microsoft.Extensions.Time.Testing;
using Midflight.Control;
using Midflight.Control.Tests;
using Midflight.Runtime;

namespace Midflight.Hosting.Tests;

/// <summary>
/// An application's folder, as a host's content root: its configuration file and its appsettings.json,
/// in a temporary folder of the test's own. Its modules come from the assemblies beside the tests.
/// </summary>
internal sealed class HostedApplication : IDisposable
{
    public HostedApplication(string configuration = EndpointNode.CounterToCollector, string appSettings = """{ "Midflight": { "Configuration": "app.mil" } }""")
    {
        Folder = Directory.CreateTempSubdirectory("midflight-hosted-").FullName;
        File.WriteAllText(Path.Combine(Folder, "app.mil"), configuration);
        File.WriteAllText(Path.Combine(Folder, "appsettings.json"), appSettings);
    }

    public string Folder { get; }

    public FileInfo Configuration => new(Path.Combine(Folder, "app.mil"));

    public ControlFiles Files => NodeFiles.Control(Configuration);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    /// <summary>What a test sets in code: modules built beforehand, and a quiesce timeout fake time only passes when told.</summary>
    public static NodeOptions Prebuilt(NodeOptions options) => options with
    {
        BaseDirectory = AppContext.BaseDirectory,
        ProjectBuilder = new PrebuiltAssemblies(AppContext.BaseDirectory),
        QuiesceTimeout = TimeSpan.FromHours(1),
    };

    /// <summary>
    /// The module threads still in this process's thread list once a node has stopped, waited for a
    /// bounded while: a thread whose run has ended, and which the node has joined, is gone from the
    /// operating system's list only once its last runtime code has run, a moment later.
    /// </summary>
    public static string[] ModuleThreadsAfterStop()
    {
        SpinWait.SpinUntil(() => ModuleThreads().Length == 0, TimeSpan.FromSeconds(10));
        return ModuleThreads();
    }

    /// <summary>The names of this process's threads that run a module (Linux names threads after their managed name, cut to 15 characters).</summary>
    public static string[] ModuleThreads() =>
        OperatingSystem.IsLinux()
            ? [.. Directory.GetDirectories("/proc/self/task").Select(task => TryRead(Path.Combine(task, "comm"))).Where(name => name.StartsWith("midflight ", StringComparison.Ordinal))]
            : [];

    private static string TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return ""; // the thread ended while the list was read
        }
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
