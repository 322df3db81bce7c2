using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Control;

/// <summary>
/// Runs a reconfiguration script (a C# script file, Roslyn scripting) against a node: the script
/// plans, then its plan is carried out as one transaction — all of it, or, if any step fails, none.
/// </summary>
public static class ScriptRunner
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .WithReferences(typeof(Node).Assembly, typeof(ModuleSpec).Assembly, typeof(Enumerable).Assembly)
        .WithImports("System", "System.Linq", "System.Collections.Generic", "Midflight.Runtime", "Midflight.Model");

    /// <exception cref="ScriptException">The script does not compile or fails while planning; the application is untouched.</exception>
    /// <exception cref="ReconfigurationException">Its plan was refused or failed; the application is as it was.</exception>
    public static async Task<ReconfigurationResult> RunAsync(
        Node node, string path, string code, IReadOnlyDictionary<string, string> args, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var host = new ScriptHost(node.Status, args);
        try
        {
            await CSharpScript.RunAsync(code, Options.WithFilePath(path), host, typeof(ScriptHost), cancellationToken).ConfigureAwait(false);
        }
        catch (CompilationErrorException exception)
        {
            throw new ScriptException($"the script does not compile; nothing was changed:\n{string.Join("\n", exception.Diagnostics)}", exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new ScriptException($"the script failed while planning ({exception.GetType().Name}: {exception.Message}); nothing was changed", exception);
        }
        var plan = host.Plan($"script {Path.GetFileName(path)}") with { RequestedBy = requestedBy };
        return await node.ReconfigureAsync(plan, cancellationToken).ConfigureAwait(false);
    }
}
