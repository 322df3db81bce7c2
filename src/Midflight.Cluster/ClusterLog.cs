using Microsoft.Extensions.Logging;

namespace Midflight.Cluster;

/// <summary>What the cluster layer logs.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A frame from {Sender} was dropped: it is not one Midflight sends")]
    public static partial void FrameDropped(ILogger logger, Exception exception, string sender);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} is up at {Address}, in the cluster of {Members} node(s)")]
    public static partial void Up(ILogger logger, string node, string address, int members);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} joined, at {Address}")]
    public static partial void Joined(ILogger logger, string node, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} is unreachable")]
    public static partial void Unreachable(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} is reachable again")]
    public static partial void Reachable(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Error, Message = "Node {Node} left the cluster; lost with it: {Instances}")]
    public static partial void Lost(ILogger logger, string node, string instances);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message to {Instance} was dropped: {Why}")]
    public static partial void Dropped(ILogger logger, string instance, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Move {Move} of {Instance} abandoned: {Reason}")]
    public static partial void MoveAbandoned(ILogger logger, string move, string instance, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A step of a change across nodes failed here")]
    public static partial void StepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The arrival of {Instance} is held {DelayMs} ms, as the test hook MIDFLIGHT_TEST_ARRIVAL_DELAY asks")]
    public static partial void ArrivalDelayed(ILogger logger, string instance, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Module {Instance} moved to node {Target}, {Frames} frame(s) deep, paused {PausedMs:0.###} ms")]
    public static partial void Moved(ILogger logger, string instance, string target, int frames, double pausedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A connection to the dock from {From} was closed: {Why}")]
    public static partial void DockRefused(ILogger logger, string from, string why);
}
