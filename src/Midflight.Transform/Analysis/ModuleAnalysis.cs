using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Midflight.Model;
using Midflight.Model.Diagnostics;
using Diagnostic = Midflight.Model.Diagnostics.Diagnostic;

namespace Midflight.Transform.Analysis;

/// <summary>
/// The first passes of preparing a module: find its class, its entry (<c>Run</c> or <c>RunAsync</c>)
/// and the labels its specification names, then build the call graph and the reconfiguration graph.
/// </summary>
public static class ModuleAnalysis
{
    /// <returns>The graph, or null with the diagnostics that say why it could not be built.</returns>
    public static (ReconfigurationGraph? Graph, IReadOnlyList<Diagnostic> Diagnostics) Analyze(
        Compilation compilation, ModuleSpec spec, string specificationFile)
    {
        var diagnostics = new List<Diagnostic>();
        var module = compilation.GetTypeByMetadataName(spec.Source.TypeName);
        if (module is null || module.DeclaringSyntaxReferences.Length == 0)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.ModuleClassNotFound, new SourceLocation(specificationFile, 1, 1),
                $"module '{spec.Name}': class '{spec.Source.TypeName}' is not in the sources being prepared"));
            return (null, diagnostics);
        }
        var entry = module.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => m.IsOverride && m.Name is "Run" or "RunAsync");
        if (entry is null)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.NoEntry, LocationOf(module.Locations[0]),
                $"class '{module.Name}' overrides neither Run nor RunAsync: its stack has no start"));
            return (null, diagnostics);
        }

        var calls = CallGraph.Build(compilation, module);
        var labels = module.DeclaringSyntaxReferences
            .SelectMany(r => r.GetSyntax().DescendantNodes().OfType<LabeledStatementSyntax>())
            .ToList();
        var points = new List<(IMethodSymbol Holder, LabeledStatementSyntax Label)>();
        foreach (var point in spec.ReconfigurationPoints)
        {
            var label = labels.FirstOrDefault(l => l.Identifier.Text == point.Label);
            if (label is null)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.PointNotFound, LocationOf(module.Locations[0]),
                    $"reconfiguration point '{point.Label}' of module '{spec.Name}' labels no statement in class '{module.Name}'"));
                continue;
            }
            var holder = (IMethodSymbol)compilation.GetSemanticModel(label.SyntaxTree).GetEnclosingSymbol(label.SpanStart)!;
            points.Add((holder.OriginalDefinition, label));
        }
        var graph = ReconfigurationGraph.Build(calls, entry, points);
        foreach (var (holder, label) in points.Where(p => !graph.Methods.Contains(p.Holder, SymbolEqualityComparer.Default)))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.PointNeverOnStack, LocationOf(label.GetLocation()),
                $"reconfiguration point '{label.Identifier.Text}' is in '{holder.Name}', which '{entry.Name}' never calls: the module can never stop there"));
        }
        return diagnostics.Count == 0 ? (graph, diagnostics) : (null, diagnostics);
    }

    internal static SourceLocation LocationOf(Location location)
    {
        var span = location.GetLineSpan();
        return new SourceLocation(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }
}
