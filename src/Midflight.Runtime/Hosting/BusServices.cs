using Microsoft.Extensions.Logging;
using Midflight.Runtime.Bus;

namespace Midflight.Runtime.Hosting;

/// <summary>What every module host of a node shares.</summary>
internal sealed record BusServices(
    TimeProvider Time,
    ILoggerFactory LoggerFactory,
    IModuleOutput Output,
    IBusTracer? Tracer,
    ActivityTracker Activity,
    int QueueCapacity)
{
    /// <summary>The node's instruments; null for the services of a node not yet started, or of a sandbox.</summary>
    public Telemetry.NodeMetrics? Metrics { get; init; }
}
