using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Midflight.Transform.Analysis;

/// <summary>
/// Which locals and parameters of a method may still be read after a given point: the variables a
/// capture block must save there, and a restore block must set again. A backward data-flow analysis
/// over the method's control-flow graph (Roslyn's, built from its operations), so a value carried
/// around a loop to the next iteration counts as live, which region-based analysis would miss.
/// </summary>
public sealed class Liveness
{
    private readonly ControlFlowGraph _graph;
    private readonly Dictionary<BasicBlock, HashSet<ISymbol>> _liveOut = [];
    private readonly HashSet<ISymbol> _captured;

    private Liveness(ControlFlowGraph graph, HashSet<ISymbol> captured)
    {
        _graph = graph;
        _captured = captured;
        _assignedThroughCapture = AssignedThroughCapture(graph);
        Solve();
    }

    // x = c ? a : b: the graph captures x's reference before the branches and assigns through the
    // capture after them. That capture is no read of x, and the assignment is its write.
    private readonly Dictionary<CaptureId, ISymbol> _assignedThroughCapture;

    private static Dictionary<CaptureId, ISymbol> AssignedThroughCapture(ControlFlowGraph graph)
    {
        var all = graph.Blocks.SelectMany(Operations).SelectMany(o => o.DescendantsAndSelf()).ToList();
        var targets = all.OfType<ISimpleAssignmentOperation>().Select(a => a.Target).OfType<IFlowCaptureReferenceOperation>().Select(r => r.Id).ToHashSet();
        var assigned = new Dictionary<CaptureId, ISymbol>();
        foreach (var capture in all.OfType<IFlowCaptureOperation>().Where(c => targets.Contains(c.Id)))
        {
            ISymbol? variable = capture.Value switch
            {
                ILocalReferenceOperation { Local.IsImplicitlyDeclared: false } local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            if (variable is not null)
            {
                assigned[capture.Id] = variable;
            }
        }
        return assigned;
    }

    /// <summary>
    /// The method's variables that a lambda or local function in it uses: the graph does not show when
    /// the function runs, so they count as live at every site, where they are in scope.
    /// </summary>
    private static HashSet<ISymbol> Captured(SemanticModel model, SyntaxNode declaration)
    {
        var captured = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var function in declaration.DescendantNodes().Where(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
        {
            foreach (var name in function.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                // Declared in the method, outside the function: the function shares it with the method's frame.
                if (model.GetSymbolInfo(name).Symbol is (ILocalSymbol or IParameterSymbol) and var symbol
                    && symbol.Locations is [{ SourceSpan: var declared }, ..] && !function.Span.Contains(declared) && declaration.Span.Contains(declared))
                {
                    captured.Add(symbol);
                }
            }
        }
        return captured;
    }

    /// <summary>Analyses the body of a method or local function declared by <paramref name="declaration"/>.</summary>
    public static Liveness Of(SemanticModel model, SyntaxNode declaration)
    {
        if (declaration is LocalFunctionStatementSyntax)
        {
            // A local function's graph is part of its enclosing method's: find it there.
            var function = (IMethodSymbol)model.GetDeclaredSymbol(declaration)!;
            var member = declaration.Ancestors().First(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);
            return new Liveness(LocalFunctionGraph(Create(member, model), function)
                ?? throw new ArgumentException($"no control-flow graph for local function {function.Name}", nameof(declaration)), Captured(model, declaration));
        }
        return new Liveness(Create(declaration, model), Captured(model, declaration));
    }

    private static ControlFlowGraph Create(SyntaxNode declaration, SemanticModel model) =>
        ControlFlowGraph.Create(declaration, model)
            ?? throw new ArgumentException($"no control-flow graph for {declaration.Kind()}: it has no body", nameof(declaration));

    private static ControlFlowGraph? LocalFunctionGraph(ControlFlowGraph graph, IMethodSymbol function)
    {
        foreach (var local in graph.LocalFunctions)
        {
            var inner = graph.GetLocalFunctionControlFlowGraph(local);
            if (SymbolEqualityComparer.Default.Equals(local, function))
            {
                return inner;
            }
            if (LocalFunctionGraph(inner, function) is { } nested)
            {
                return nested;
            }
        }
        return null;
    }

    /// <summary>
    /// The variables live just after <paramref name="site"/> (such as a call) completes: read later on
    /// some path before being written. Sorted by name, so that generated code is stable.
    /// </summary>
    public IReadOnlyList<ISymbol> LiveAfter(SyntaxNode site)
    {
        foreach (var block in _graph.Blocks)
        {
            var operations = Operations(block).ToList();
            var at = operations.FindIndex(o => o.Syntax.Span.Contains(site.Span));
            if (at < 0)
            {
                continue;
            }
            // Live after the site: what the rest of this block reads before writing, plus what is
            // live out of the block and this block's rest does not write first.
            var live = new HashSet<ISymbol>(_liveOut[block], SymbolEqualityComparer.Default);
            for (var i = operations.Count - 1; i > at; i--)
            {
                Transfer(operations[i], live);
            }
            // What the statement holding the site assigns from the site's result happens after it: x = F().
            foreach (var assignment in operations[at].DescendantsAndSelf().OfType<ISimpleAssignmentOperation>()
                .Where(a => a.Value.Syntax.Span.Contains(site.Span)))
            {
                if (assignment.Target is ILocalReferenceOperation { Local: var local })
                {
                    live.Remove(local);
                }
                else if (assignment.Target is IParameterReferenceOperation { Parameter: var parameter })
                {
                    live.Remove(parameter);
                }
            }
            // The statement holding the site may read after the site itself (x = F() + x): count those reads.
            foreach (var read in References(operations[at]).Where(r => !r.IsWrite && r.Syntax.SpanStart > site.Span.End))
            {
                live.Add(read.Symbol);
            }
            live.UnionWith(_captured);
            return [.. live.OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
        throw new ArgumentException("the site is not in the analysed body", nameof(site));
    }

    /// <summary>
    /// The variables live just before <paramref name="statement"/> runs (a reconfiguration point's
    /// labelled statement, where capture happens before it). Sorted by name.
    /// </summary>
    public IReadOnlyList<ISymbol> LiveBefore(SyntaxNode statement)
    {
        foreach (var block in _graph.Blocks)
        {
            var operations = Operations(block).ToList();
            var at = operations.FindIndex(o => statement.Span.Contains(o.Syntax.Span) || o.Syntax.Span.Contains(statement.Span));
            if (at < 0)
            {
                continue;
            }
            var live = new HashSet<ISymbol>(_liveOut[block], SymbolEqualityComparer.Default);
            for (var i = operations.Count - 1; i >= at; i--)
            {
                Transfer(operations[i], live);
            }
            live.UnionWith(_captured);
            return [.. live.OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
        throw new ArgumentException("the statement is not in the analysed body", nameof(statement));
    }

    private void Solve()
    {
        foreach (var block in _graph.Blocks)
        {
            _liveOut[block] = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        }
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var block in _graph.Blocks.Reverse())
            {
                var liveIn = LiveIn(block);
                foreach (var predecessor in block.Predecessors.Select(p => p.Source))
                {
                    changed |= Merge(_liveOut[predecessor], liveIn);
                }
                // The graph has no edges for exceptions and finally bodies: a block inside a try may go
                // on in any of its handlers, and a finally body runs after it, so what they read is live.
                foreach (var handler in HandlersAround(block))
                {
                    changed |= Merge(_liveOut[block], LiveIn(handler));
                }
            }
        }
    }

    private IEnumerable<BasicBlock> HandlersAround(BasicBlock block)
    {
        for (var region = block.EnclosingRegion; region.EnclosingRegion is { } parent; region = parent)
        {
            if (region.Kind != ControlFlowRegionKind.Try)
            {
                continue;
            }
            foreach (var handler in parent.NestedRegions.Where(r => r != region))
            {
                yield return _graph.Blocks[handler.FirstBlockOrdinal];
            }
        }
    }

    private static bool Merge(HashSet<ISymbol> into, HashSet<ISymbol> from)
    {
        var before = into.Count;
        into.UnionWith(from);
        return into.Count != before;
    }

    private HashSet<ISymbol> LiveIn(BasicBlock block)
    {
        var live = new HashSet<ISymbol>(_liveOut[block], SymbolEqualityComparer.Default);
        foreach (var operation in Operations(block).Reverse())
        {
            Transfer(operation, live);
        }
        return live;
    }

    /// <summary>Live before an operation = (live after it − what it writes) ∪ what it reads.</summary>
    private void Transfer(IOperation operation, HashSet<ISymbol> live)
    {
        var references = References(operation).ToList();
        foreach (var write in references.Where(r => r.IsWrite))
        {
            live.Remove(write.Symbol);
        }
        foreach (var read in references.Where(r => !r.IsWrite))
        {
            live.Add(read.Symbol);
        }
    }

    /// <summary>The block's operations, then the value its branch tests (a loop's or an if's condition).</summary>
    private static IEnumerable<IOperation> Operations(BasicBlock block) =>
        block.BranchValue is null ? block.Operations : block.Operations.Append(block.BranchValue);

    private sealed record Reference(ISymbol Symbol, bool IsWrite, SyntaxNode Syntax);

    private IEnumerable<Reference> References(IOperation operation) =>
        operation.DescendantsAndSelf().Select(o => o switch
        {
            // Locals the compiler makes (a lock's flag, say) are not the module's variables.
            ILocalReferenceOperation { Local.IsImplicitlyDeclared: true } => null,
            ILocalReferenceOperation or IParameterReferenceOperation when o.Parent is IFlowCaptureOperation capture && _assignedThroughCapture.ContainsKey(capture.Id) => null,
            ISimpleAssignmentOperation { Target: IFlowCaptureReferenceOperation target } when _assignedThroughCapture.TryGetValue(target.Id, out var assigned) =>
                new Reference(assigned, true, o.Syntax),
            ILocalReferenceOperation local => new Reference(local.Local, IsWritten(local), local.Syntax),
            // A pattern that declares a variable (case int k, is Order { Id: var id }) writes it.
            IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } => new Reference(declared, true, o.Syntax),
            IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol declared } => new Reference(declared, true, o.Syntax),
            IListPatternOperation { DeclaredSymbol: ILocalSymbol declared } => new Reference(declared, true, o.Syntax),
            IParameterReferenceOperation parameter => new Reference(parameter.Parameter, IsWritten(parameter), parameter.Syntax),
            _ => null,
        }).OfType<Reference>();

    /// <summary>
    /// Whether a reference only writes the variable. A compound assignment (<c>x += 1</c>), an
    /// increment, or a <c>ref</c> argument also reads it, so it counts as a read, which keeps the
    /// variable live: the safe side for capture.
    /// </summary>
    private static bool IsWritten(IOperation reference) => reference switch
    {
        ILocalReferenceOperation { IsDeclaration: true } => true, // out var x, var (a, b) = …
        _ => reference.Parent switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target == reference,
            IArgumentOperation { Parameter.RefKind: RefKind.Out } => true,
            IDeclarationPatternOperation => true,
            // (a, b) = …: each variable of the tuple a deconstruction assigns.
            ITupleOperation tuple => IsDeconstructed(tuple),
            _ => false,
        },
    };

    private static bool IsDeconstructed(ITupleOperation tuple) => tuple.Parent switch
    {
        IDeconstructionAssignmentOperation assignment => assignment.Target == tuple,
        ITupleOperation outer => IsDeconstructed(outer),
        _ => false,
    };
}
