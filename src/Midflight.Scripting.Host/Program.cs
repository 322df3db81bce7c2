using System.Text.Json;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Scripting;

/// <summary>
/// <c>dotnet Midflight.Scripting.Host.dll FOLDER</c>: runs the reconfiguration script of
/// <c>FOLDER/job.json</c> (C#, Roslyn scripting) and writes its plan, or why it has none, to
/// <c>FOLDER/plan.json</c>. The script prints on this process's console, which the node hands back to
/// whoever sent the script; it cannot end, hang or print on the node, which waits for this process
/// only so long and then stops it.
/// </summary>
internal static class Program
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .WithReferences(typeof(Node).Assembly, typeof(ModuleSpec).Assembly, typeof(Enumerable).Assembly)
        .WithImports("System", "System.Linq", "System.Collections.Generic", "Midflight.Runtime", "Midflight.Model");

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("usage: dotnet Midflight.Scripting.Host.dll FOLDER (run by a Midflight node, not by hand)").ConfigureAwait(false);
            return 2;
        }
        var files = new ScriptFiles(args[0]);
        var job = JsonSerializer.Deserialize<ScriptJob>(await File.ReadAllTextAsync(files.Job).ConfigureAwait(false), ScriptWire.Options)
            ?? throw new InvalidDataException($"{files.Job} holds no script");
        var plan = await PlanAsync(job).ConfigureAwait(false);
        await File.WriteAllTextAsync(files.Plan, JsonSerializer.Serialize(plan, ScriptWire.Options)).ConfigureAwait(false);
        return 0;
    }

    private static async Task<ScriptPlan> PlanAsync(ScriptJob job)
    {
        var host = new ScriptHost(job.Application, job.Args);
        try
        {
            await CSharpScript.RunAsync(job.Code, Options.WithFilePath(job.Name), host, typeof(ScriptHost)).ConfigureAwait(false);
        }
        catch (CompilationErrorException exception)
        {
            return new ScriptPlan([], $"the script does not compile; nothing was changed:\n{string.Join("\n", exception.Diagnostics)}");
        }
        catch (Exception exception)
        {
            return new ScriptPlan([], $"the script failed while planning ({exception.GetType().Name}: {exception.Message}); nothing was changed");
        }
        return new ScriptPlan(host.Steps, null);
    }
}
