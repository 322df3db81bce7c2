using System.CommandLine;
using System.Net.Http.Json;
using Midflight.Control;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary><c>midflight status FILE.mil [--json]</c>: what the running node of a configuration runs, and its bindings; in a cluster, every node, what it hosts and whether it is reachable.</summary>
internal static class StatusCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) of the running application" };
        var json = new Option<bool>("--json") { Description = "Print JSON, for scripts" };
        var status = new Command("status", "Show a running node's instances — module, where it runs, what each is doing, queue depths — bindings and groups") { file, json };
        status.SetAction((parseResult, cancellationToken) => NodeClient.CallAsync(parseResult.GetValue(file)!, errors, async http =>
        {
            var view = (await http.GetFromJsonAsync<StatusView>("v1/status", CliJson.Options, cancellationToken))!;
            if (parseResult.GetValue(json))
            {
                CliJson.Print(console, view);
                return ExitCodes.Success;
            }
            if (view.Nodes.Count > 0)
            {
                var nodes = new TableOutput("node", "address", "reachability", "hosts");
                foreach (var node in view.Nodes)
                {
                    nodes.Add(node.Name, node.Address, node.Reachability, node.Instances.Count == 0 ? "-" : string.Join(", ", node.Instances));
                }
                nodes.Write(console);
            }
            // In a cluster, where an instance runs is its node; on the embedded node, its machine attribute says where it would.
            var table = new TableOutput("instance", "module", "version", view.Nodes.Count > 0 ? "node" : "machine", "doing", "queued");
            foreach (var instance in view.Instances)
            {
                var doing = instance.WaitingFor is null ? instance.Status : $"{instance.Status} ({instance.WaitingFor})";
                table.Add(instance.Name, instance.Module, instance.Source, instance.Node ?? instance.Machine ?? "-",
                    doing + (instance.AwaitedAtPoint ? ", awaited at its next reconfiguration point" : ""),
                    string.Join(", ", instance.QueueDepths.Select(q => $"{q.Key}: {q.Value}")));
            }
            table.Write(console);
            foreach (var instance in view.Instances.Where(i => i.Procedures.Count > 0 || i.SwitchHeldBy is not null))
            {
                var versions = string.Join(", ", instance.Procedures.Select(p => $"{p.Key} v{p.Value}"));
                var pending = instance.SwitchHeldBy is { } held ? $"; a switch pending{(held.Count > 0 ? $", held by {string.Join(", ", held)} (active)" : "")}" : "";
                console.Profile.Out.Writer.WriteLine($"procedures of {instance.Name}: {(versions.Length > 0 ? versions : "as built")}{pending}");
            }
            foreach (var instance in view.Instances.Where(i => i.LazilyConverted > 0))
            {
                console.Profile.Out.Writer.WriteLine($"lazily converted in {instance.Name}: {Counted.Of(instance.LazilyConverted, "object")}");
            }
            foreach (var binding in view.Bindings)
            {
                console.Profile.Out.Writer.WriteLine($"bind {binding}");
            }
            foreach (var group in view.Groups)
            {
                console.Profile.Out.Writer.WriteLine(group.ToString());
            }
            foreach (var draining in view.Draining)
            {
                console.Profile.Out.Writer.WriteLine(draining.ToString());
            }
            return ExitCodes.Success;
        }));
        return status;
    }
}
