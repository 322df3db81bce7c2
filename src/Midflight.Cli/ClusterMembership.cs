using Microsoft.Extensions.Logging;
using Midflight.Cluster;
using Midflight.Runtime;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// Joins the cluster for <c>run --node</c>. Kept apart from <see cref="RunCommand"/> so that the
/// embedded node never loads Akka: its types are reached only from here.
/// </summary>
internal static class ClusterMembership
{
    /// <returns>The membership, to leave the cluster with once the node has stopped, and how it changes the node's options; null when it could not join (reported) or was stopped.</returns>
    public static async Task<(IAsyncDisposable Membership, Func<NodeOptions, NodeOptions> Configure)?> JoinAsync(
        ClusterOptions options, IAnsiConsole console, TextWriter errors, ILoggerFactory loggerFactory, CancellationToken stopping)
    {
        try
        {
            var cluster = await ClusterNode.JoinAsync(options, loggerFactory, stopping);
            console.MarkupLine($"Node [bold]{Markup.Escape(options.NodeName)}[/] up at {Markup.Escape(cluster.Address)}; other nodes join with [bold]midflight node --name NAME --seed {Markup.Escape(cluster.Address)}[/]");
            return (cluster, cluster.Configure);
        }
        catch (ClusterJoinException exception)
        {
            errors.WriteLine($"error: {exception.Message}");
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
