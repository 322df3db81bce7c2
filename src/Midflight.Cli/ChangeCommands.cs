using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Midflight.Control;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// The verbs that change one instance of a running application through its node's control endpoint:
/// <c>replace</c>, <c>update</c>, <c>replicate</c>, <c>move</c>, <c>remove</c> and <c>rollback</c>.
/// </summary>
internal static class ChangeCommands
{
    public static IEnumerable<Command> Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) of the running application" };
        var instanceName = new Argument<string>("instance") { Description = "The instance to change (for replace and update, an instance or a group)" };
        var json = new Option<bool>("--json") { Description = "Print JSON, for scripts" };
        var timeout = Duration.Option("--timeout", "Give up, the application untouched, if the moment has not come within this long, e.g. 5s (default: the node's)");
        var pauseBudget = Duration.Option("--pause-budget", "Refuse, before anything stops, if the pause this change is predicted to have is longer, e.g. 2ms; it reports the pause it had");
        var whenIdle = new Option<string[]>("--when-idle")
        {
            Description = "Happen only when these instances are idle, at a quiet moment with no request in progress: --when-idle x,y (with --procedure: these procedures of the instance are inactive too)",
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        var with = new Option<string[]>("--with")
        {
            Description = "The new version: a module project (.csproj) or assembly (.dll), with #Class if the class is another (or --procedure); for a group, MEMBER=VERSION, once per member that changes",
        };
        var drain = new Option<bool>("--drain")
        {
            Description = "Start the new version beside the old at once: the old answers the requests it has read, the new serves the rest, and the old is removed once drained (for a version that keeps no state)",
        };
        var procedures = new ProcedureUpdateCommand();
        var rehearsal = new RehearsalCommand();
        var replicaWith = new Option<string>("--with") { Description = "The version the instance comes back in: a module project (.csproj) or assembly (.dll), with #Class if the class is another (default: the one it runs)" };
        var machine = new Option<string>("--to") { Required = true, Description = "The machine to move the instance to" };
        var force = new Option<bool>("--force") { Description = "Remove it without waiting for a quiet moment: for an instance that never gives control back (its thread, if it does not return, is reported as leaked)" };
        var fromSnapshot = new Option<bool>("--from-snapshot") { Description = "Reinstate the old version from the snapshot taken at the update, replaying what the new one read (within its health window)" };

        // The query of a change; null when its input is wrong, which has been reported.
        Command Change(string name, string description, string done, Func<ParseResult, string?> query, params Option[] options)
        {
            var command = new Command(name, description) { file, instanceName, json };
            foreach (var option in options)
            {
                command.Options.Add(option);
            }
            command.SetAction(async (parseResult, cancellationToken) =>
            {
                if (name == "update")
                {
                    if (rehearsal.InputWithoutRehearse(parseResult, errors))
                    {
                        return ExitCodes.InvalidInput;
                    }
                    var isProcedureUpdate = parseResult.GetValue(procedures.Procedure) is { Length: > 0 };
                    if (parseResult.GetValue(drain) && (isProcedureUpdate || parseResult.GetValue(rehearsal.Rehearse)))
                    {
                        errors.WriteLine("error: --drain drains an instance's old version as a module update (--with VERSION) starts the new one; it goes with neither --procedure nor --rehearse");
                        return ExitCodes.InvalidInput;
                    }
                    if (parseResult.GetValue(rehearsal.Rehearse))
                    {
                        if (parseResult.GetValue(with) is { Length: > 1 })
                        {
                            errors.WriteLine("error: --rehearse rehearses the update of one instance, with one --with VERSION");
                            return ExitCodes.InvalidInput;
                        }
                        var update = isProcedureUpdate ? await procedures.QueryAsync(parseResult, parseResult.GetValue(whenIdle), errors) : query(parseResult);
                        return update is null
                            ? ExitCodes.InvalidInput
                            : await rehearsal.RunAsync(parseResult, parseResult.GetValue(file)!, parseResult.GetValue(instanceName)!, update, parseResult.GetValue(json), console, errors, cancellationToken);
                    }
                    if (isProcedureUpdate)
                    {
                        return await procedures.RunAsync(parseResult, parseResult.GetValue(file)!, parseResult.GetValue(instanceName)!, parseResult.GetValue(timeout),
                            parseResult.GetValue(whenIdle), parseResult.GetValue(json), console, errors, cancellationToken);
                    }
                }
                var parameters = new List<string>();
                if (options.Contains(timeout) && parseResult.GetValue(timeout) is { } limit)
                {
                    parameters.Add("timeoutMs=" + limit.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
                }
                if (options.Contains(pauseBudget) && parseResult.GetValue(pauseBudget) is { } budget)
                {
                    parameters.Add("pauseBudgetMs=" + budget.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
                }
                if (options.Contains(procedures.Plan) && parseResult.GetValue(procedures.Plan))
                {
                    parameters.Add("plan=true");
                }
                if (options.Contains(whenIdle) && parseResult.GetValue(whenIdle) is { Length: > 0 } idle)
                {
                    parameters.Add("whenIdle=" + Uri.EscapeDataString(string.Join(',', idle)));
                }
                if (query(parseResult) is not { } own)
                {
                    return ExitCodes.InvalidInput;
                }
                parameters.Add(own);
                var instance = parseResult.GetValue(instanceName)!;
                var path = $"v1/{name}/{Uri.EscapeDataString(instance)}?{string.Join('&', parameters.Where(p => p.Length > 0))}";
                var asJson = parseResult.GetValue(json);
                return await NodeClient.CallAsync(parseResult.GetValue(file)!, errors, async http =>
                {
                    var (succeeded, text) = await ChangeReport.WhileWaiting(console, asJson, $"{name} {instance}", async () =>
                    {
                        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), null, cancellationToken);
                        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
                    });
                    var result = succeeded ? JsonSerializer.Deserialize<ReconfigurationView>(text, CliJson.Options)! : ReconfigurationView.Refused(NodeClient.ErrorOf(text));
                    return await ChangeReport.Print(console, errors, result, done, asJson);
                });
            });
            return command;
        }

        // with=PATH for the node, which reads it from its own folder: absolute, and checked here first.
        string? Version(string? version) => version is null ? "" : VersionPath(version, errors) is { } path ? "with=" + Uri.EscapeDataString(path) : null;

        // For a group, with=MEMBER=PATH, once per member.
        string? Versions(string[] versions)
        {
            var queries = new List<string>();
            foreach (var version in versions)
            {
                var (member, path) = MemberVersion(version);
                if (VersionPath(path, errors) is not { } full)
                {
                    return null;
                }
                queries.Add("with=" + Uri.EscapeDataString(member is null ? full : $"{member}={full}"));
            }
            return string.Join('&', queries);
        }

        yield return Change("replace", "Replace an instance by a new one of the same module, at its next reconfiguration point (or quiet moment)", "replaced", _ => "", timeout, pauseBudget, whenIdle, procedures.Plan);
        string? ModuleVersion(ParseResult parseResult)
        {
            if (parseResult.GetValue(with) is { Length: > 0 } versions)
            {
                var query = Versions(versions);
                return query is not null && parseResult.GetValue(drain) ? query + "&drain=true" : query;
            }
            errors.WriteLine("error: update needs --with VERSION (a module update) or --procedure NAME (a procedure update)");
            return null;
        }
        yield return Change("update", "Update an instance to a new version of its code, checked first against the running program (interfaces, state, frames); or, with --procedure, single procedures while it runs",
            "updated", ModuleVersion, [with, drain, timeout, pauseBudget, whenIdle, .. rehearsal.Options, .. procedures.Options]);
        yield return Change("replicate", "Update an instance the SCP way: a replica takes its traffic and state, then it comes back in its new version and takes them back", "replicated",
            r => Version(r.GetValue(replicaWith)), replicaWith, timeout, whenIdle);
        yield return Change("move", "Move an instance to another machine, its state and stack with it", "moved", r => "machine=" + Uri.EscapeDataString(r.GetValue(machine)!), machine, timeout, pauseBudget, whenIdle, procedures.Plan);
        yield return Change("remove", "Remove an instance and its bindings", "removed", r => r.GetValue(force) ? "force=true" : "", force, timeout, pauseBudget, whenIdle, procedures.Plan);
        yield return Change("rollback", "Reinstate the version an instance ran before its last update", "rolled back",
            r => r.GetValue(fromSnapshot) ? "fromSnapshot=true" : "", fromSnapshot, procedures.Plan);
    }

    /// <summary>A group member's version, <c>MEMBER=PATH</c>, split; a version with no member's name before an '=' is a path alone.</summary>
    private static (string? Member, string Path) MemberVersion(string version)
    {
        var separator = version.IndexOf('=', StringComparison.Ordinal);
        return separator > 0 && Model.Lexicon.IsIdentifier(version[..separator]) ? (version[..separator], version[(separator + 1)..]) : (null, version);
    }

    /// <summary>A version's path as the node must read it — relative to where the command runs, not to the node's folder — once it is shown to exist.</summary>
    private static string? VersionPath(string with, TextWriter errors)
    {
        var separator = with.IndexOf('#', StringComparison.Ordinal);
        var file = new FileInfo(separator < 0 ? with : with[..separator]);
        return InputFile.Exists(file, errors) ? file.FullName + (separator < 0 ? "" : with[separator..]) : null;
    }
}
