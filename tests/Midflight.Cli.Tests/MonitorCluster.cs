using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Midflight.ClusterModules;

namespace Midflight.Cli.Tests;

/// <summary>
/// Three node processes on 127.0.0.1 — <c>main</c>, which launches the deep Monitor and serves the
/// control endpoint, and <c>n2</c> and <c>n3</c>, started with <c>midflight node</c> — running the
/// display on main, the sensor on n2 and compute on n3. Disposing it kills every process it started.
/// </summary>
internal sealed class MonitorCluster : IDisposable
{
    public const string Secret = "the secret the test nodes share";
    private const string AveragePrefix = "display: average of the next 30 readings: ";
    private static readonly string Modules = Path.Combine(AppContext.BaseDirectory, "Midflight.ClusterModules.dll");
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-cluster-").FullName;
    private readonly Dictionary<string, MidflightProcess> _nodes = [];

    private MonitorCluster()
    {
    }

    public string Configuration => Path.Combine(_folder, "monitor.mil");

    public MidflightProcess this[string node] => _nodes[node];

    public static IReadOnlyDictionary<string, string> Environment(params (string Name, string Value)[] more) =>
        new[] { ("MIDFLIGHT_CLUSTER_SECRET", Secret) }.Concat(more).ToDictionary(v => v.Item1, v => v.Item2);

    /// <summary>Starts the three nodes; <paramref name="n3Environment"/> adds to n3's environment (a test hook).</summary>
    public static async Task<MonitorCluster> StartAsync(params (string Name, string Value)[] n3Environment)
    {
        var cluster = new MonitorCluster();
        try
        {
            File.WriteAllText(cluster.Configuration, $$"""
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
                """);
            var seed = FreePort();
            // The members first: they try their seed until it is up.
            foreach (var (name, environment) in new[] { ("n2", Environment()), ("n3", Environment(n3Environment)) })
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
    public async Task<(int Exit, int Frames, string Printed)> MoveAsync(string node)
    {
        var move = new CliRun();
        var exit = await move.InvokeAsync("move", Configuration, "compute", "--to", node, "--json");
        var frames = 0;
        if (exit == 0)
        {
            using var result = JsonDocument.Parse(move.Output);
            frames = result.RootElement.GetProperty("movedFrames").GetProperty("compute").GetInt32();
        }
        return (exit, frames, move.Output + move.Errors);
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
