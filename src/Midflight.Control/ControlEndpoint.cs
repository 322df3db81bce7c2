using System.Net;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Midflight.Runtime;
using OpenTelemetry.Metrics;

namespace Midflight.Control;

/// <summary>
/// A node's control API (<see cref="ControlApi"/>) served on a Kestrel of its own, on a free loopback
/// port: what <c>midflight run</c> serves. Its address and token go to the node's files, where the
/// command line finds them.
/// </summary>
public sealed class ControlEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ControlFiles _files;

    private ControlEndpoint(WebApplication app, ControlFiles files, Uri address)
    {
        _app = app;
        _files = files;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>
    /// Starts the endpoint of <paramref name="node"/> on a free loopback port, writing its address and
    /// token to the files of the node whose lock is <paramref name="running"/>.
    /// </summary>
    public static Task<ControlEndpoint> StartAsync(Node node, NodeLock running, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default) =>
        StartAsync(node, running, loggerFactory, new ScriptLimits(), cancellationToken);

    /// <summary>Starts the endpoint, with the limits its reconfiguration scripts plan within.</summary>
    public static async Task<ControlEndpoint> StartAsync(Node node, NodeLock running, ILoggerFactory loggerFactory, ScriptLimits scripts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(running);
        var files = running.Files;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, new DefaultJsonTypeInfoResolver()));
        // The node's meter, for a Prometheus scraper: collected only when scraped, so it costs nothing otherwise.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Runtime.Telemetry.MidflightTelemetry.Name).AddPrometheusExporter());
        var app = builder.Build();
        var access = ControlAccess.Open(node, running);
        app.UseControlApi(() => access, loggerFactory, scripts, prometheus: true);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // An endpoint that never served leaves no token behind.
            files.Delete();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var address = new Uri(app.Urls.First());
        files.WriteAddress(address);
        return new ControlEndpoint(app, files, address);
    }

    public async ValueTask DisposeAsync()
    {
        _files.Delete();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

}
