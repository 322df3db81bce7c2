using Microsoft.Extensions.Logging;

namespace Midflight.Examples.Monitor;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Instance} took over, {Served} requests served so far")]
    public static partial void LogResumed(this ILogger logger, string instance, long served);
}
