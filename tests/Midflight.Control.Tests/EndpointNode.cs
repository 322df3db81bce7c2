using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Control.Tests;

/// <summary>
/// A node serving its control endpoint as <c>midflight run</c> serves it — its configuration in a
/// temporary folder of the test's own, its lock held, its files beside the configuration — on fake
/// time, its modules from the assemblies beside the tests. Shared as source by the test projects
/// that drive an endpoint.
/// </summary>
internal sealed class EndpointNode : IAsyncDisposable
{
    /// <summary>A counter feeding a collector, from Midflight.TestModules.</summary>
    public const string CounterToCollector = """
        module counter { source = "Midflight.TestModules.dll#Midflight.TestModules.Counter" :: define interface out pattern = {integer} }
        module collector { source = "Midflight.TestModules.dll#Midflight.TestModules.Collector" :: use interface in pattern = {integer} }
        module app { instance counter instance collector bind "counter out" "collector in" }
        """;

    private ControlEndpoint? _endpoint;

    private EndpointNode(string folder, string configuration, FakeTimeProvider time, Node node, NodeLock running, ControlEndpoint endpoint)
    {
        Folder = folder;
        Configuration = configuration;
        Time = time;
        Node = node;
        Lock = running;
        _endpoint = endpoint;
    }

    public string Folder { get; }

    /// <summary>The configuration file, as a client names the node.</summary>
    public string Configuration { get; }

    public FakeTimeProvider Time { get; }

    public Node Node { get; }

    public NodeLock Lock { get; }

    public ControlFiles Files => Lock.Files;

    public ControlEndpoint Endpoint => _endpoint ?? throw new InvalidOperationException("the endpoint has stopped");

    /// <param name="application">The configuration's text, written to <paramref name="fileName"/>.</param>
    /// <param name="fileName">The configuration's file name, which names the node.</param>
    /// <param name="logging">Where the node and its endpoint log.</param>
    /// <param name="scripts">The limits scripts plan within.</param>
    public static async Task<EndpointNode> StartAsync(string application = CounterToCollector, string fileName = "app.mil",
        ILoggerFactory? logging = null, ScriptLimits? scripts = null)
    {
        var folder = Directory.CreateTempSubdirectory("midflight-endpoint-").FullName;
        var configuration = Path.Combine(folder, fileName);
        await File.WriteAllTextAsync(configuration, application);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        logging ??= NullLoggerFactory.Instance;
        var node = await Node.StartAsync(ConfigurationParser.Parse(application, configuration).Configuration!, new NodeOptions
        {
            Time = time,
            BaseDirectory = AppContext.BaseDirectory,
            ProjectBuilder = new PrebuiltAssemblies(AppContext.BaseDirectory),
            LoggerFactory = logging,
            // On fake time a deadline only passes when a test advances the clock that far.
            QuiesceTimeout = TimeSpan.FromHours(1),
        });
        var running = new ControlFiles(Path.Combine(folder, ".midflight"), Path.GetFileNameWithoutExtension(fileName)).Lock();
        var endpoint = await ControlEndpoint.StartAsync(node, running, logging, scripts ?? new ScriptLimits());
        return new EndpointNode(folder, configuration, time, node, running, endpoint);
    }

    /// <summary>Stops the endpoint alone, as a node does when it stops.</summary>
    public async Task StopEndpointAsync()
    {
        if (_endpoint is { } endpoint)
        {
            _endpoint = null;
            await endpoint.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopEndpointAsync();
        Lock.Dispose();
        await Node.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
