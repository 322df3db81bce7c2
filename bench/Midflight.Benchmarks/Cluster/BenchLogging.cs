using Microsoft.Extensions.Logging;

namespace Midflight.Benchmarks.Cluster;

/// <summary>Warnings and errors of the nodes, on standard error: the child's standard output carries its ready line.</summary>
internal static class BenchLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Warning)
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
}
