using Microsoft.CodeAnalysis;
using Midflight.Model.Diagnostics;
using Diagnostic = Midflight.Model.Diagnostics.Diagnostic;

namespace Midflight.Transform.Analysis;

/// <summary>
/// Refuses, before any code is generated, a variable that is live at a capture site but whose value
/// cannot be put in a snapshot: the build fails on the line that declares it, saying what to write
/// instead, rather than producing code that would silently lose it.
/// </summary>
public static class CaptureCheck
{
    public static IReadOnlyList<Diagnostic> Check(Compilation compilation, ReconfigurationGraph graph)
    {
        var diagnostics = new List<Diagnostic>();
        var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var edge in graph.Edges)
        {
            var declaration = edge.From.DeclaringSyntaxReferences[0].GetSyntax();
            var liveness = Liveness.Of(compilation.GetSemanticModel(declaration.SyntaxTree), declaration);
            var live = edge switch
            {
                CallEdge call => liveness.LiveAfter(call.Call.Syntax),
                PointEdge point => liveness.LiveBefore(point.Label.Statement),
                _ => [],
            };
            foreach (var variable in live)
            {
                if (Refusal(TypeOf(variable)) is { } why && reported.Add(variable))
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.VariableCannotBeCaptured, Declaration(variable),
                        $"'{variable.Name}' ({TypeOf(variable).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}) is live at capture site {edge.Number} (line {edge.Line}) and cannot be captured: {why}"));
                }
            }
        }
        return diagnostics;
    }

    /// <summary>The variable's type, without the nullable annotation that <c>var</c> gives reference types.</summary>
    private static ITypeSymbol TypeOf(ISymbol variable) => (variable switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        _ => throw new ArgumentException($"{variable.Kind} is not a variable", nameof(variable)),
    }).WithNullableAnnotation(NullableAnnotation.NotAnnotated);

    private static string? Refusal(ITypeSymbol type) => type switch
    {
        { IsRefLikeType: true } => "it points into memory a snapshot cannot carry; copy it to an array before the call, or keep it out of the path to the point",
        { TypeKind: TypeKind.Pointer or TypeKind.FunctionPointer } => "a pointer is an address in this process; use an index into an array instead",
        _ when IsThread(type) => "a thread is not state; leave threads to the node and keep the work in the module's own thread of control",
        _ => null,
    };

    private static bool IsThread(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "Thread" && current.ContainingNamespace.ToDisplayString() == "System.Threading")
            {
                return true;
            }
        }
        return false;
    }

    private static SourceLocation Declaration(ISymbol variable)
    {
        var span = variable.Locations[0].GetLineSpan();
        return new SourceLocation(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }
}
