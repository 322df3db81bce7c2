using Microsoft.Extensions.DependencyInjection;
using Midflight.Runtime.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Midflight.Hosting;

/// <summary>Exports a node's meter and reconfiguration traces with OpenTelemetry (docs/operations.md).</summary>
public static class MidflightTelemetryExtensions
{
    /// <summary>
    /// Sends the node's metrics and traces to an OpenTelemetry collector at <paramref name="endpoint"/>:
    /// OTLP over gRPC (a collector's port 4317), or over HTTP with protobuf (port 4318, whose paths
    /// <c>/v1/metrics</c> and <c>/v1/traces</c> are added to an endpoint given without a path).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="endpoint">The collector.</param>
    /// <param name="protocol">gRPC unless said otherwise.</param>
    /// <param name="exportInterval">How often metrics are sent; the exporter's default (a minute) if null. They are sent once more when the host stops.</param>
    public static IServiceCollection AddMidflightOtlpExporter(this IServiceCollection services, Uri endpoint, OtlpExportProtocol protocol = OtlpExportProtocol.Grpc, TimeSpan? exportInterval = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(MidflightTelemetry.Name).AddOtlpExporter((exporter, reader) =>
            {
                Point(exporter, endpoint, protocol, "v1/metrics");
                if (exportInterval is { } interval)
                {
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                }
            }))
            .WithTracing(tracing => tracing.AddSource(MidflightTelemetry.Name).AddOtlpExporter(exporter => Point(exporter, endpoint, protocol, "v1/traces")));
        return services;
    }

    private static void Point(OtlpExporterOptions exporter, Uri endpoint, OtlpExportProtocol protocol, string signal)
    {
        exporter.Protocol = protocol;
        // Set in code, the endpoint is taken as it is: HTTP needs each signal's path, which the SDK adds only to one from the environment.
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/" ? new Uri(endpoint, signal) : endpoint;
    }
}
