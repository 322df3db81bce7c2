using System.CommandLine;
using Midflight.Control;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight token add|list|remove FILE.mil …</c>: the tokens a node accepts besides its own, each
/// with its rights (read only, changes of named instances, scripts), kept beside the configuration in
/// the node's private folder. A running node takes a change of them at its next request.
/// </summary>
internal static class TokenCommand
{
    public static Command Create(IAnsiConsole console, TextWriter errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The configuration file (.mil) whose node accepts the token" };
        var name = new Argument<string>("name") { Description = "Who holds the token: the name the node logs and records changes under" };
        var readOnly = new Option<bool>("--read-only") { Description = "Status only: change nothing" };
        var instances = new Option<string[]>("--instances")
        {
            Description = "Change these instances only (replace, update, move, remove, replicate, rollback, procedure updates, state capture), e.g. display,compute",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        var scripts = new Option<bool>("--scripts") { Description = "Run reconfiguration scripts, which may change anything: the strongest right" };
        var add = new Command("add", "Make a token with the rights given, and print it (the only time it is shown); give it to its holder as MIDFLIGHT_TOKEN") { file, name, readOnly, instances, scripts };
        add.SetAction(parseResult =>
        {
            var configuration = parseResult.GetValue(file)!;
            var named = parseResult.GetValue(instances) ?? [];
            var chosen = (parseResult.GetValue(readOnly) ? 1 : 0) + (named.Length > 0 ? 1 : 0) + (parseResult.GetValue(scripts) ? 1 : 0);
            if (chosen != 1)
            {
                errors.WriteLine("error: give the token one right: --read-only, --instances A,B or --scripts");
                return ExitCodes.InvalidInput;
            }
            if (!InputFile.Exists(configuration, errors))
            {
                return ExitCodes.InvalidInput;
            }
            var right = parseResult.GetValue(readOnly) ? ControlRight.Read : named.Length > 0 ? ControlRight.Change : ControlRight.Script;
            try
            {
                var token = ControlGrants.Add(NodeFiles.Control(configuration), parseResult.GetValue(name)!, right, named);
                console.WriteLine(token);
                return ExitCodes.Success;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidDataException or UntrustedNodeFilesException)
            {
                InputFile.Report(configuration, errors, exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        var list = new Command("list", "List the tokens the node accepts besides its own, with their rights") { file };
        list.SetAction(parseResult =>
        {
            var configuration = parseResult.GetValue(file)!;
            try
            {
                var table = new TableOutput("token", "may");
                foreach (var grant in ControlGrants.Read(NodeFiles.Control(configuration)))
                {
                    table.Add(grant.Name, grant.Describe());
                }
                table.Write(console);
                return ExitCodes.Success;
            }
            catch (InvalidDataException exception)
            {
                InputFile.Report(configuration, errors, exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        var removed = new Argument<string>("name") { Description = "The token's name" };
        var remove = new Command("remove", "Stop accepting a token: the node refuses it from its next request") { file, removed };
        remove.SetAction(parseResult =>
        {
            var configuration = parseResult.GetValue(file)!;
            var who = parseResult.GetValue(removed)!;
            if (ControlGrants.Remove(NodeFiles.Control(configuration), who))
            {
                console.WriteLine($"token '{who}' removed");
                return ExitCodes.Success;
            }
            InputFile.Report(configuration, errors, $"there is no token '{who}'");
            return ExitCodes.InvalidInput;
        });
        return new Command("token", "Tokens with fewer rights than the node's own, for people and programs that may look, or change some instances only") { add, list, remove };
    }
}
