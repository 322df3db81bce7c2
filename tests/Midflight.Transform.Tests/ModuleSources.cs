using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Midflight.Model;

namespace Midflight.Transform.Tests;

/// <summary>Compiles module sources the way a module project would: against the framework and Midflight.Participation.</summary>
internal static class ModuleSources
{
    private static readonly MetadataReference[] References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(typeof(Module).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Midflight.State.Snapshot).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Midflight.Model.ModuleSpec).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
        // Types of a second assembly, for corpus programs whose state holds them.
        MetadataReference.CreateFromFile(typeof(CorpusLibrary.Digraph).Assembly.Location),
    ];

    // What the SDK adds to a project with ImplicitUsings, as module projects have.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static Compilation Compile(params (string Path, string Text)[] files)
    {
        var compilation = CompileWithErrors(files);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation;
    }

    /// <summary>The compilation of sources that may not compile, as a module the user is still writing.</summary>
    public static Compilation CompileWithErrors(params (string Path, string Text)[] files) => CompileWithErrors(NullableContextOptions.Enable, files);

    /// <summary>The compilation of sources in a project with the given nullable context (a new class library enables it; older projects do not).</summary>
    public static Compilation CompileWithErrors(NullableContextOptions nullable, params (string Path, string Text)[] files) =>
        CSharpCompilation.Create(
            "Module",
            files.Append((Path: "GlobalUsings.g.cs", Text: ImplicitUsings)).Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path, System.Text.Encoding.UTF8)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable, allowUnsafe: true));

    /// <summary>A module specification with the given class and reconfiguration points, written as in the language: <c>R</c>, or <c>R(total, i)</c> to list its variables.</summary>
    public static ModuleSpec Spec(string typeName, params string[] points) => new(
        "m",
        new ModuleSource("M.csproj", typeName),
        default,
        points.Select(Point).ToEquatableArray(),
        default);

    private static ReconfigurationPoint Point(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        return open < 0
            ? new ReconfigurationPoint(text)
            : new ReconfigurationPoint(text[..open], text[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries).ToEquatableArray());
    }

    public static string Monitor(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "Monitor", file));
}
