using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Midflight.Transform.Analysis;

/// <summary>One call, in the module's source, from one of its methods to another.</summary>
public sealed record CallSite(IMethodSymbol Caller, IMethodSymbol Callee, InvocationExpressionSyntax Syntax)
{
    public int Line => Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
}
