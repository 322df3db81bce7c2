using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Midflight.Model;
using Midflight.Transform.Analysis;
using Midflight.Transform.Procedures;
using Diagnostic = Midflight.Model.Diagnostics.Diagnostic;

namespace Midflight.Transform.Preparation;

/// <summary>One source file as the build compiles it after preparation.</summary>
public sealed record PreparedFile(string OriginalPath, string Text);

/// <summary>What preparing a compilation's modules gave: the files it changed, and every error; the graphs for people to read.</summary>
public sealed record PreparationResult(IReadOnlyList<PreparedFile> Files, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<ReconfigurationGraph> Graphs)
{
    public bool Succeeded => Diagnostics.All(d => !d.IsError);

    /// <summary>
    /// A source to compile with the others (or null if the compilation declares no module): the
    /// specification of each module it declares, as an assembly attribute, for updates to check
    /// the new version's interfaces against the running one's.
    /// </summary>
    public string? Specifications { get; init; }
}

/// <summary>
/// Prepares the modules of one compilation for automatic participation: for each module of the
/// specification whose class the compilation declares and that names reconfiguration points, the
/// analysis passes, the capture check, and the lowering of the methods on its reconfiguration graph.
/// Files that declare no such module are left to compile as they are.
/// </summary>
public static class ModulePreparer
{
    private static readonly System.Text.CompositeFormat Header = System.Text.CompositeFormat.Parse("""
        // Prepared for reconfiguration by Midflight from {0}.
        // Read it to see the capture and restore code; edit the original, not this file.
        // The compiler takes it for the original: not marked as generated, so that the project's nullable
        // context and warnings hold in it, and mapped by #line to the original's lines.

        """);

    public static PreparationResult Prepare(Compilation compilation, IEnumerable<ModuleSpec> modules, string specificationFile)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var specs = modules.Where(m => m.ReconfigurationPoints.Count > 0 && Declares(compilation, m)).ToList();
        var tabled = modules.Where(m => Declares(compilation, m) && ProcedureRules.IsOptedIn(compilation.GetTypeByMetadataName(m.Source.TypeName)!)).ToList();
        compilation = WithOrigins(compilation, [.. specs.Union(tabled)]);
        var diagnostics = new List<Diagnostic>();
        (compilation, var tableFiles) = BindingTable.Apply(compilation, tabled.Select(m => (m.Source.TypeName, (IReadOnlySet<string>)OnGraph(compilation, m, specificationFile))), diagnostics);
        compilation = WithBlockBodies(compilation, specs);
        compilation = WithSpilledCalls(compilation, specs, specificationFile);
        var graphs = new List<ReconfigurationGraph>();
        var rewriters = new Dictionary<SyntaxNode, ModuleRewriter>();
        foreach (var spec in specs)
        {
            var (graph, found) = ModuleAnalysis.Analyze(compilation, spec, specificationFile);
            diagnostics.AddRange(found);
            if (graph is null)
            {
                continue;
            }
            var refused = CaptureCheck.Check(compilation, graph);
            diagnostics.AddRange(refused);
            if (refused.Count > 0)
            {
                continue;
            }
            graphs.Add(graph);
            var listed = spec.ReconfigurationPoints.Where(p => p.Variables is not null).ToDictionary(p => p.Label, p => p.Variables!.Value, StringComparer.Ordinal);
            var rewriter = new ModuleRewriter(compilation, graph, listed, diagnostics);
            foreach (var reference in graph.Entry.ContainingType.DeclaringSyntaxReferences)
            {
                rewriters[reference.GetSyntax()] = rewriter;
            }
        }
        var files = rewriters.GroupBy(r => r.Key.SyntaxTree)
            .Select(tree =>
            {
                var root = tree.Key.GetRoot().ReplaceNodes(tree.Select(r => r.Key), (original, _) => tree.First(r => r.Key == original).Value.Visit(original)!);
                var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, Path.GetFileName(tree.Key.FilePath))
                    + SourceMapping.Write(root) + "\n";
                return new PreparedFile(tree.Key.FilePath, text);
            })
            .ToList();
        // A module with a binding table and no point is prepared by the table alone.
        files.AddRange(tableFiles.Where(path => files.All(f => f.OriginalPath != path))
            .Select(path => new PreparedFile(path,
                string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, Path.GetFileName(path))
                + SourceMapping.Write(compilation.SyntaxTrees.First(t => t.FilePath == path).GetRoot()) + "\n")));
        return new PreparationResult(files, diagnostics, graphs) { Specifications = SpecificationsOf(compilation, modules) };
    }

    /// <summary>The identities of the methods on the module's reconfiguration graph (none without points): they stay out of its binding table.</summary>
    private static HashSet<string> OnGraph(Compilation compilation, ModuleSpec spec, string specificationFile) =>
        spec.ReconfigurationPoints.Count > 0 && ModuleAnalysis.Analyze(compilation, spec, specificationFile).Graph is { } graph
            ? graph.Methods.Select(ProcedureRules.Identity).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    private static string? SpecificationsOf(Compilation compilation, IEnumerable<ModuleSpec> modules)
    {
        var declared = modules.Where(m => Declares(compilation, m)).ToList();
        if (declared.Count == 0)
        {
            return null;
        }
        var text = new System.Text.StringBuilder("// <auto-generated>\n// The module specifications this assembly was built against, written by Midflight.\n// </auto-generated>\n");
        foreach (var module in declared)
        {
            text.Append("[assembly: global::Midflight.ModuleSpecification(")
                .Append(SymbolDisplay.FormatLiteral(module.Source.TypeName, quote: true)).Append(", ")
                .Append(SymbolDisplay.FormatLiteral(ConfigurationPrinter.Print(module), quote: true)).Append(")]\n");
        }
        return text.ToString();
    }

    /// <summary>The compilation with each token of the files to prepare marked with its place, for the prepared files to map back to (see <see cref="SourceMapping"/>).</summary>
    private static Compilation WithOrigins(Compilation compilation, List<ModuleSpec> specs)
    {
        foreach (var tree in TreesOf(compilation, specs))
        {
            compilation = compilation.ReplaceSyntaxTree(tree, SourceMapping.Mark(tree));
        }
        return compilation;
    }

    private static Compilation WithBlockBodies(Compilation compilation, List<ModuleSpec> specs)
    {
        foreach (var tree in TreesOf(compilation, specs))
        {
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(new BlockBodies().Visit(tree.GetRoot())!, tree.Options));
        }
        return compilation;
    }

    private static List<SyntaxTree> TreesOf(Compilation compilation, List<ModuleSpec> specs) =>
        [.. specs
            .SelectMany(s => compilation.GetTypeByMetadataName(s.Source.TypeName)!.DeclaringSyntaxReferences)
            .Select(r => r.SyntaxTree)
            .Distinct()];

    /// <summary>The compilation with every call on a module's reconfiguration graph given a statement of its own (see <see cref="CallSpilling"/>).</summary>
    private static Compilation WithSpilledCalls(Compilation compilation, List<ModuleSpec> specs, string specificationFile)
    {
        var onGraph = specs.Select(spec => ModuleAnalysis.Analyze(compilation, spec, specificationFile).Graph)
            .OfType<ReconfigurationGraph>()
            .SelectMany(graph => graph.Methods)
            .ToList();
        return onGraph.Count == 0 ? compilation : CallSpilling.Apply(compilation, onGraph);
    }

    private static bool Declares(Compilation compilation, ModuleSpec spec) =>
        compilation.GetTypeByMetadataName(spec.Source.TypeName) is { DeclaringSyntaxReferences.Length: > 0 };

    /// <summary>The compilation as the build compiles it: the prepared files in place of their originals, the specifications beside them.</summary>
    public static Compilation Apply(Compilation compilation, PreparationResult result)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var file in result.Files)
        {
            var original = compilation.SyntaxTrees.First(t => t.FilePath == file.OriginalPath);
            var options = (CSharpParseOptions)original.Options;
            compilation = compilation.ReplaceSyntaxTree(original, CSharpSyntaxTree.ParseText(file.Text, options, file.OriginalPath, System.Text.Encoding.UTF8));
        }
        // As the build targets compile MidflightSpecifications.g.cs beside the prepared sources.
        return result.Specifications is { } specifications
            ? compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(specifications, (CSharpParseOptions)compilation.SyntaxTrees.First().Options, "MidflightSpecifications.g.cs", System.Text.Encoding.UTF8))
            : compilation;
    }
}
