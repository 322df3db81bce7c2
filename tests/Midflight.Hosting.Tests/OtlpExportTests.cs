using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;

namespace Midflight.Hosting.Tests;

/// <summary>
/// A hosted node's metrics and traces sent over OTLP to a collector — here a loopback server that
/// takes what an OpenTelemetry collector would — when the host is told to send them.
/// </summary>
[Collection(nameof(HostedNodes))]
public sealed class OtlpExportTests : IDisposable
{
    private readonly HostedApplication _application = new();

    [Fact]
    public async Task A_host_sends_the_node_s_meter_and_the_trace_of_a_replace_to_the_collector_it_is_given()
    {
        await using var collector = await Collector.StartAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _application.Folder, Args = [] });
        builder.Services.AddSingleton<TimeProvider>(_application.Time);
        builder.Services.AddMidflight(options => options.ConfigureNode = HostedApplication.Prebuilt);
        builder.Services.AddMidflightOtlpExporter(collector.Address, OtlpExportProtocol.HttpProtobuf, exportInterval: TimeSpan.FromMilliseconds(100));
        using (var host = builder.Build())
        {
            await host.StartAsync();
            // The queues' depths are read while the node runs, at an export.
            await collector.Sent("/v1/metrics", "midflight.queue.depth").WaitAsync(TimeSpan.FromSeconds(30));
            await host.Services.GetRequiredService<MidflightNode>().Node.ReplaceAsync("collector");
            await host.StopAsync();
        } // disposed: the exporters send what they hold

        var metrics = collector.Received("/v1/metrics");
        Assert.Contains("midflight.reconfigurations", metrics, StringComparison.Ordinal);
        Assert.Contains("midflight.reconfiguration.pause", metrics, StringComparison.Ordinal);
        var traces = collector.Received("/v1/traces");
        Assert.Contains("midflight.reconfiguration", traces, StringComparison.Ordinal);
        Assert.Contains("replace collector", traces, StringComparison.Ordinal);
        Assert.Contains("move state", traces, StringComparison.Ordinal);
    }

    public void Dispose() => _application.Dispose();

    /// <summary>Takes OTLP over HTTP as a collector does, and keeps each request's body, as text for its strings.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, string Body)> _received = new();
        private readonly ConcurrentDictionary<(string Path, string What), TaskCompletionSource> _awaited = new();

        private Collector(WebApplication app) => _app = app;

        public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var collector = new Collector(builder.Build());
            collector._app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                var text = Encoding.UTF8.GetString(body.ToArray());
                collector._received.Enqueue(($"/v1/{signal}", text));
                foreach (var ((path, what), sent) in collector._awaited)
                {
                    if (path == $"/v1/{signal}" && text.Contains(what, StringComparison.Ordinal))
                    {
                        sent.TrySetResult();
                    }
                }
                return Results.Ok();
            });
            await collector._app.StartAsync();
            return collector;
        }

        /// <summary>Completes once a request to <paramref name="path"/> has carried <paramref name="what"/>.</summary>
        public Task Sent(string path, string what)
        {
            var sent = _awaited.GetOrAdd((path, what), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_received.Any(r => r.Path == path && r.Body.Contains(what, StringComparison.Ordinal)))
            {
                sent.TrySetResult();
            }
            return sent.Task;
        }

        public string Received(string path) => string.Concat(_received.Where(r => r.Path == path).Select(r => r.Body));

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
