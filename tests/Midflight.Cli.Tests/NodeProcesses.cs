using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Midflight.ClusterModules;

namespace Midflight.Cli.Tests;

/// <summary>
/// Node processes on 127.0.0.1 — <c>main</c>, which launches an application and serves the control
/// endpoint, and members started with <c>midflight node</c> — by default the deep Monitor on three:
/// the display on main, the sensor on n2 and compute on n3. Disposing it kills every process it started.
/// </summary>
internal sealed class NodeProcesses : IDisposable
{
    public const string Secret = "the secret the test nodes share";
    private const string AveragePrefix = "display: average of the next 30 readings: ";
    public static readonly string Modules = Path.Combine(AppContext.BaseDirectory, "Midflight.ClusterModules.dll");
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-cluster-").FullName;
    private readonly Dictionary<string, MidflightProcess> _nodes = [];

    private NodeProcesses()
    {
    }

    public string Configuration => Path.Combine(_folder, "monitor.mil");

    public MidflightProcess this[string node] => _nodes[node];

    public static IReadOnlyDictionary<string, string> Environment(params (string Name, string Value)[] more) =>
        new[] { ("MIDFLIGHT_CLUSTER_SECRET", Secret) }.Concat(more).ToDictionary(v => v.Item1, v => v.Item2);

    /// <summary>Starts the deep Monitor on three nodes; <paramref name="n3Environment"/> adds to n3's environment (a test hook).</summary>
    public static Task<NodeProcesses> StartAsync(params (string Name, string Value)[] n3Environment) =>
        StartAsync(DeepMonitor, new Dictionary<string, IReadOnlyDictionary<string, string>> { ["n2"] = Environment(), ["n3"] = Environment(n3Environment) });

    public static string DeepMonitor => $$"""
                module display { source = "{{Modules}}#Midflight.ClusterModules.DeepDisplay" ::
                  client interface temper pattern = {integer} accepts {~float} :: }
                module compute { source = "{{Modules}}#Midflight.ClusterModules.DeepCompute" :: machine = "n3" ::
                  server interface display pattern = {~integer} returns {float} ::
                  use interface sensor pattern = {integer} ::
                  reconfiguration point = {R} :: }
                module sensor { source = "{{Modules}}#Midflight.ClusterModules.BurstSensor" :: machine = "n2" ::
                  define interface out pattern = {integer} :: }
                module monitor {
                  instance display instance compute instance sensor
                  bind "display temper" "compute display"
                  bind "sensor out" "compute sensor" }
                """;

    /// <summary>Starts <paramref name="members"/>, each with its environment, then main launching <paramref name="configuration"/>.</summary>
    public static async Task<NodeProcesses> StartAsync(string configuration, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> members)
    {
        var cluster = new NodeProcesses();
        try
        {
            File.WriteAllText(cluster.Configuration, configuration);
            var seed = FreePort();
            // The members first: they try their seed until it is up.
            foreach (var (name, environment) in members)
            {
                cluster._nodes[name] = MidflightProcess.Start(["node", "--name", name, "--port", FreePort().ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{seed}"], environment);
            }
            cluster._nodes["main"] = await MidflightProcess.StartAsync(
                ["run", cluster.Configuration, "--node", "main", "--port", seed.ToString(CultureInfo.InvariantCulture)], Environment(),
                line => line.StartsWith("Running", StringComparison.Ordinal));
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The averages the display printed so far, in order, as exact doubles.</summary>
    public IReadOnlyList<double> Averages =>
        [.. _nodes["main"].Lines.Where(l => l.StartsWith(AveragePrefix, StringComparison.Ordinal)).Select(l => double.Parse(l[AveragePrefix.Length..], CultureInfo.InvariantCulture))];

    /// <summary>Returns once the display has printed <paramref name="count"/> averages.</summary>
    public Task PrintedAsync(int count) =>
        _nodes["main"].PrintedAsync(_ => Averages.Count >= count);

    /// <summary>Checks every average printed is the one an uninterrupted run prints: no reading lost, repeated or reordered.</summary>
    public void AssertAveragesExact()
    {
        var printed = Averages;
        Assert.Equal(DeepDisplay.Expected().Take(printed.Count), printed);
    }

    /// <summary>Moves compute to <paramref name="node"/> with <c>midflight move</c>.</summary>
    /// <returns>The command's exit code, the frames it moved (0 if none) and what it printed.</returns>
    public Task<(int Exit, int Frames, string Printed)> MoveAsync(string node) => ChangeAsync("compute", "move", "compute", "--to", node);

    /// <summary>Runs a change verb of <c>midflight</c> on the application, with <c>--json</c>.</summary>
    /// <returns>The command's exit code, the frames of <paramref name="instance"/> it moved (0 if none) and what it printed.</returns>
    public async Task<(int Exit, int Frames, string Printed)> ChangeAsync(string instance, string verb, params string[] arguments)
    {
        var change = new CliRun();
        var exit = await change.InvokeAsync([verb, Configuration, .. arguments, "--json"], CancellationToken.None);
        var frames = 0;
        if (exit == 0)
        {
            using var result = JsonDocument.Parse(change.Output);
            frames = result.RootElement.GetProperty("movedFrames").TryGetProperty(instance, out var moved) ? moved.GetInt32() : 0;
        }
        return (exit, frames, change.Output + change.Errors);
    }

    /// <summary>The status as <c>status --json</c> gives it.</summary>
    public async Task<JsonDocument> StatusAsync()
    {
        var status = new CliRun();
        Assert.True(await status.InvokeAsync("status", Configuration, "--json") == 0, status.Errors);
        return JsonDocument.Parse(status.Output);
    }

    public void Dispose()
    {
        foreach (var node in _nodes.Values)
        {
            node.Dispose();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
