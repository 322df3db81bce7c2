using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Midflight.Model;
using Midflight.State;
using Midflight.State.Graph;
using Midflight.Transform.Preparation;

namespace Midflight.Transform.Tests.Differential;

/// <summary>
/// A program of the differential corpus, compiled twice: as written, and prepared. Either can be run
/// to its end; the prepared one is captured at the requested moments, its snapshot encoded and decoded,
/// and restored in a new instance that runs on — what it prints must not change.
/// </summary>
/// <summary>What a run of a prepared program printed, how often it moved, and why each refused move was refused.</summary>
internal sealed record Run(IReadOnlyList<string> Output, int Captures, IReadOnlyList<string> Refusals);

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

    /// <summary>What the program's header says every move of it is refused for (<c>// refused: …</c>), or null if it must move.</summary>
    public string? Refused { get; private init; }

    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.cs").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static CorpusProgram Load(string name) => FromSource(name, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", name + ".cs")));

    /// <summary>A program from its text: class <c>Corpus.NAME</c>, its points named on a line <c>// points: R, S</c>.</summary>
    public static CorpusProgram FromSource(string name, string text)
    {
        var points = PointsLine().Match(text).Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var compilation = ModuleSources.Compile((name + ".cs", text));
        var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Corpus." + name, points)], name + ".mil");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var prepared = ModulePreparer.Apply(compilation, result);
        var refused = RefusedLine().Match(text);
        return new CorpusProgram(name, Emit(compilation, "Corpus." + name), Emit(prepared, "Corpus." + name))
        {
            Refused = refused.Success ? refused.Groups[1].Value.Trim() : null,
        };
    }

    private static Type Emit(Compilation compilation, string typeName)
    {
        using var image = new MemoryStream();
        var emitted = compilation.WithOptions(compilation.Options.WithOptimizationLevel(OptimizationLevel.Release)).Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray()).GetType(typeName, throwOnError: true)!;
    }

    /// <summary>Runs the program as written: its output.</summary>
    public IReadOnlyList<string> RunOriginal()
    {
        var port = new ScriptedPort(new HashSet<int>());
        Run(Create(_original, port), snapshot: null);
        return port.Output;
    }

    /// <summary>
    /// Runs the prepared program, moving it to a new instance at the first point after each of the given
    /// output lines. A move whose state cannot be carried is refused as the node refuses it: the
    /// instance goes on from its own stack.
    /// </summary>
    public Run RunPrepared(IReadOnlySet<int> requestAfterLines)
    {
        var port = new ScriptedPort(requestAfterLines);
        var captures = 0;
        var refusals = new List<string>();
        var module = Create(_prepared, port);
        Snapshot? snapshot = null;
        while (true)
        {
            Run(module, snapshot);
            if (!module.Participation.IsCapturing)
            {
                return new Run(port.Output, captures, refusals);
            }
            try
            {
                // Through the wire format, as a move to another node would take it.
                snapshot = SnapshotCodec.Decode(SnapshotCodec.Encode(module.Participation.TakeSnapshot(module, Name)));
                captures++;
                module = Create(_prepared, port);
            }
            catch (StateCaptureException refused)
            {
                refusals.Add(refused.Message);
                module.Participation.ResumeOwnStack();
                snapshot = null;
            }
        }
    }

    private static ModuleBase Create(Type type, ScriptedPort port)
    {
        var module = (ModuleBase)Activator.CreateInstance(type)!;
        module.Attach(port);
        port.Context = module.Participation;
        return module;
    }

    private static void Run(ModuleBase module, Snapshot? snapshot)
    {
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
    }

    [GeneratedRegex(@"//\s*points:\s*(.*)")]
    private static partial Regex PointsLine();

    [GeneratedRegex(@"//\s*refused:\s*(.*)")]
    private static partial Regex RefusedLine();
}
