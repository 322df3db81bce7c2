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
        var workers = Workers(module, entry, diagnostics);
        var graph = ReconfigurationGraph.Build(calls, entry, workers, points);
        foreach (var (holder, label) in points.Where(p => !graph.Methods.Contains(p.Holder, SymbolEqualityComparer.Default)))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.PointNeverOnStack, LocationOf(label.GetLocation()),
                $"reconfiguration point '{label.Identifier.Text}' is in '{holder.Name}', which '{entry.Name}' never calls{(workers.Count > 0 ? " and no worker calls" : "")}: the module can never stop there"));
        }
        foreach (var worker in workers.Where(w => !graph.Methods.Contains(w, SymbolEqualityComparer.Default)))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WorkerNotSupported, LocationOf(worker.Locations[0]),
                $"worker '{worker.Name}' reaches no reconfiguration point: a reconfiguration could never capture it while it runs; label a statement it runs, or that a method it calls runs, and name the label in the module's specification"));
        }
        if (workers.Count > 0)
        {
            foreach (var edge in graph.Edges)
            {
                var (syntax, what) = edge switch
                {
                    CallEdge call => ((SyntaxNode)call.Call.Syntax, $"the call of '{call.Call.Callee.Name}', on the way to a reconfiguration point,"),
                    PointEdge point => (point.Label, $"reconfiguration point '{point.Label.Identifier.Text}'"),
                    _ => throw new InvalidOperationException(edge.ToString()),
                };
                if (syntax.Ancestors().Any(a => a is LockStatementSyntax))
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.LockHeldAtPoint, LocationOf(syntax.GetLocation()),
                        $"{what} in '{edge.From.Name}' is inside a lock statement: in a module with workers, a thread that stopped there would hold the lock, and another waiting for it would never reach its point; take the lock after the point, or let it go before"));
                }
            }
        }
        return diagnostics.Count == 0 ? (graph, diagnostics) : (null, diagnostics);
    }

    /// <summary>The module's <c>[Worker]</c> methods, each a plain instance method of a threaded module, <c>void M()</c> or <c>void M(int index)</c>; a misfit is reported.</summary>
    private static List<IMethodSymbol> Workers(INamedTypeSymbol module, IMethodSymbol entry, List<Diagnostic> diagnostics)
    {
        var workers = new List<IMethodSymbol>();
        foreach (var method in module.GetMembers().OfType<IMethodSymbol>().Where(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Midflight.WorkerAttribute")))
        {
            var attribute = method.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == "Midflight.WorkerAttribute");
            string? why = method switch
            {
                _ when entry.Name != "Run" => "only a Module, which runs on a thread of its own, has workers; an AsyncModule runs on the thread pool",
                { IsStatic: true } => "it is static: a worker works on its module's fields",
                { IsAsync: true } or { ReturnsVoid: false } => "a worker returns nothing and is not async: it runs on a thread of its own",
                { IsGenericMethod: true } or { IsVirtual: true } or { IsAbstract: true } or { IsOverride: true } => "a worker is a plain method: not generic, virtual, abstract or an override",
                { Parameters.Length: > 1 } => "a worker takes no parameter, or its index: void M() or void M(int index)",
                { Parameters: [{ Type.SpecialType: not SpecialType.System_Int32 } or { RefKind: not RefKind.None }] } => "a worker's one parameter is its index, an int",
                _ when attribute.ConstructorArguments is [{ Value: int count }] && count < 1 => $"it asks for {count} workers; a [Worker] method runs one at least",
                _ => null,
            };
            if (why is not null)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WorkerNotSupported, LocationOf(method.Locations[0]), $"'{method.Name}' is marked [Worker], but {why}"));
                continue;
            }
            workers.Add(method);
        }
        return workers;
    }

    internal static SourceLocation LocationOf(Location location)
    {
        var span = location.GetLineSpan();
        return new SourceLocation(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }
}
