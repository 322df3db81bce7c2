using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Midflight.Model;
using Midflight.State;
using Midflight.Transform.Preparation;

namespace Midflight.Transform.Tests.Differential;

/// <summary>
/// A program of the differential corpus, compiled twice: as written, and prepared. Either can be run
/// to its end; the prepared one is captured at the requested moments, its snapshot encoded and decoded,
/// and restored in a new instance that runs on — what it prints must not change.
/// </summary>
internal sealed partial class CorpusProgram
{
    private readonly Type _original;
    private readonly Type _prepared;

    private CorpusProgram(string name, Type original, Type prepared)
    {
        Name = name;
        _original = original;
        _prepared = prepared;
    }

    public string Name { get; }

    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.cs").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static CorpusProgram Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", name + ".cs");
        var text = File.ReadAllText(path);
        var points = PointsLine().Match(text).Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var compilation = ModuleSources.Compile((name + ".cs", text));
        var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Corpus." + name, points)], name + ".mil");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var prepared = ModulePreparer.Apply(compilation, result);
        return new CorpusProgram(name, Emit(compilation, "Corpus." + name), Emit(prepared, "Corpus." + name));
    }

    private static Type Emit(Compilation compilation, string typeName)
    {
        using var image = new MemoryStream();
        var emitted = compilation.WithOptions(compilation.Options.WithOptimizationLevel(OptimizationLevel.Release)).Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray()).GetType(typeName, throwOnError: true)!;
    }

    /// <summary>Runs the program as written: its output.</summary>
    public IReadOnlyList<string> RunOriginal() => RunToEnd(_original, new ScriptedPort(new HashSet<int>()), snapshot: null).Port.Output;

    /// <summary>Runs the prepared program, moving it to a new instance at the first point after each of the given output lines.</summary>
    public (IReadOnlyList<string> Output, int Captures) RunPrepared(IReadOnlySet<int> requestAfterLines)
    {
        var port = new ScriptedPort(requestAfterLines);
        var captures = 0;
        Snapshot? snapshot = null;
        while (true)
        {
            var (_, module) = RunToEnd(_prepared, port, snapshot);
            if (!module.Participation.IsCapturing)
            {
                return (port.Output, captures);
            }
            captures++;
            // Through the wire format, as a move to another node would take it.
            snapshot = SnapshotCodec.Decode(SnapshotCodec.Encode(module.Participation.TakeSnapshot(module, Name)));
        }
    }

    private static (ScriptedPort Port, ModuleBase Module) RunToEnd(Type type, ScriptedPort port, Snapshot? snapshot)
    {
        var module = (ModuleBase)Activator.CreateInstance(type)!;
        module.Attach(port);
        port.Context = module.Participation;
        if (snapshot is not null)
        {
            module.Participation.BeginRestore(module, snapshot, handOver: true);
        }
        switch (module)
        {
            case Module synchronous:
                synchronous.Run();
                break;
            case AsyncModule asynchronous:
                asynchronous.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
                break;
        }
        return (port, module);
    }

    [GeneratedRegex(@"//\s*points:\s*(.*)")]
    private static partial Regex PointsLine();
}
