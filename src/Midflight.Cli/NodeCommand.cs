using System.CommandLine;
using Microsoft.Extensions.Logging;
using Midflight.Cluster;
using Midflight.Runtime;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight node --name NAME [--seed HOST:PORT]… [--port N]</c>: a node of a cluster that runs what
/// an application places on it (<c>machine = "NAME"</c>) and what is moved to it, until stopped.
/// </summary>
internal static class NodeCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors, ILoggerFactory loggerFactory)
    {
        var switches = new ClusterSwitches("--name", nameRequired: true);
        var command = new Command("node", "Start a node of a cluster: it joins through the seeds, and runs the instances placed or moved on it");
        foreach (var option in switches.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var stop = new StopSignal(cancellationToken);
            var images = Path.Combine(Path.GetTempPath(), $"midflight-{Environment.UserName}", "images");
            if (switches.Read(parseResult, errors, images, out _) is not { } options)
            {
                return ExitCodes.InvalidInput;
            }
            ClusterNode cluster;
            try
            {
                cluster = await ClusterNode.JoinAsync(options, loggerFactory, stop.Token);
            }
            catch (ClusterJoinException exception)
            {
                errors.WriteLine($"error: {exception.Message}");
                return ExitCodes.StartFailed;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Success;
            }
            await using (cluster)
            {
                var node = cluster.StartMember(new NodeOptions { LoggerFactory = loggerFactory, Output = new SpectreModuleOutput(console) });
                await using (node)
                {
                    console.MarkupLine($"Node [bold]{Markup.Escape(options.NodeName)}[/] up at {Markup.Escape(cluster.Address)}; it runs what the application places or moves on it. Press Ctrl+C to stop");
                    try
                    {
                        await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        console.MarkupLine($"{Markup.Escape(stop.Reason ?? "asked to stop")}: stopping");
                    }
                    await node.StopAsync(CancellationToken.None);
                }
            }
            console.MarkupLine("Stopped");
            return ExitCodes.Success;
        });
        return command;
    }
}
