using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Midflight.Transform.Analysis;

/// <summary>
/// The static call graph of a module (the paper's section 3): a node per method of the module class
/// (local functions included) and an edge per call site between them, found in the source, not by
/// running it. Calls to other classes are not edges: their frames cannot be on the stack at a
/// reconfiguration point of this module unless they call back, which the transformation refuses.
/// </summary>
public sealed class CallGraph
{
    private CallGraph(IReadOnlyList<IMethodSymbol> methods, IReadOnlyList<CallSite> calls)
    {
        Methods = methods;
        Calls = calls;
    }

    /// <summary>The module's methods, in source order.</summary>
    public IReadOnlyList<IMethodSymbol> Methods { get; }

    /// <summary>Every call between them, in source order.</summary>
    public IReadOnlyList<CallSite> Calls { get; }

    public static CallGraph Build(Compilation compilation, INamedTypeSymbol module)
    {
        var methods = new List<IMethodSymbol>();
        var calls = new List<CallSite>();
        foreach (var reference in module.DeclaringSyntaxReferences.OrderBy(r => r.SyntaxTree.FilePath, StringComparer.Ordinal).ThenBy(r => r.Span.Start))
        {
            var model = compilation.GetSemanticModel(reference.SyntaxTree);
            var declaration = reference.GetSyntax();
            foreach (var body in declaration.DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax))
            {
                if (model.GetDeclaredSymbol(body) is IMethodSymbol method && SymbolEqualityComparer.Default.Equals(Owner(method), module))
                {
                    methods.Add(method);
                }
            }
            foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetSymbolInfo(invocation).Symbol is IMethodSymbol callee
                    && SymbolEqualityComparer.Default.Equals(Owner(callee.OriginalDefinition), module)
                    && model.GetEnclosingSymbol(invocation.SpanStart) is IMethodSymbol caller)
                {
                    calls.Add(new CallSite(caller.OriginalDefinition, callee.OriginalDefinition, invocation));
                }
            }
        }
        return new CallGraph(methods, calls);
    }

    /// <summary>The class a method belongs to; a local function belongs to the class of the method it is in.</summary>
    private static INamedTypeSymbol? Owner(IMethodSymbol method)
    {
        ISymbol? symbol = method;
        while (symbol is IMethodSymbol)
        {
            symbol = symbol.ContainingSymbol;
        }
        return symbol as INamedTypeSymbol;
    }
}
