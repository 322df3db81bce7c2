using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Midflight.Transform.Procedures;

/// <summary>
/// What makes a method of a module a procedure of its binding table, and the names both the build
/// and an update give it: its identity, stable across versions, and the fingerprint of its source.
/// </summary>
public static class ProcedureRules
{
    private static readonly SymbolDisplayFormat TypeFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    public const string UpdatesAttribute = "Midflight.ProcedureUpdatesAttribute";
    public const string GroupAttribute = "Midflight.SemanticGroupAttribute";
    public const string InterprocedureAttribute = "Midflight.InterprocedureAttribute";

    /// <summary>The procedure's name and parameter types, as people write them: <c>Sort(long[])</c>, <c>Step(ref int)</c>.</summary>
    public static string Identity(IMethodSymbol method) =>
        $"{method.Name}({string.Join(", ", method.Parameters.Select(p => RefPrefix(p.RefKind) + p.Type.ToDisplayString(TypeFormat)))})";

    private static string RefPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => "",
    };

    /// <summary>A hash of the method's tokens without its attributes, comments or layout: what an edit of its code changes.</summary>
    public static string Fingerprint(MethodDeclarationSyntax method)
    {
        var tokens = method.WithAttributeLists(default).DescendantTokens().Select(t => t.Text);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(" ", tokens))), 0, 8);
    }

    public static bool IsOptedIn(INamedTypeSymbol module) =>
        module.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == UpdatesAttribute);

    /// <summary>Why <paramref name="method"/> cannot be a procedure of the binding table, or null if it can.</summary>
    /// <param name="method">A method the module class declares.</param>
    /// <param name="onGraph">The identities of the methods of the module's reconfiguration graph, which stay direct calls: their frames are captured.</param>
    public static string? WhyNotProcedure(IMethodSymbol method, IReadOnlySet<string> onGraph) => method switch
    {
        { MethodKind: not MethodKind.Ordinary } => "it is not an ordinary method",
        { IsStatic: true } => "it is static: static methods are called without an instance, and so without its binding table",
        { IsOverride: true } => "it is an override: the runtime or a base class calls it, not the module's own calls",
        { IsGenericMethod: true } => "it is generic",
        { IsAsync: true } => "it is async: its activations are not on the module's stack",
        { IsAbstract: true } or { IsExtern: true } or { IsPartialDefinition: true } => "it has no body",
        _ when onGraph.Contains(Identity(method)) => "it is on the reconfiguration graph: its frames are captured at a point, and it changes with a module update",
        _ when method.DeclaringSyntaxReferences is not [{ } reference] || reference.GetSyntax() is not MethodDeclarationSyntax { Body: not null } and not MethodDeclarationSyntax { ExpressionBody: not null } => "it has no body",
        _ when method.DeclaringSyntaxReferences[0].GetSyntax().DescendantNodes().Any(n => n is YieldStatementSyntax) => "it is an iterator: its activations are not on the module's stack",
        _ when ImplementsInterface(method) => "it implements an interface member, which others call",
        _ when method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is "Midflight.StateMapperAttribute" or "Midflight.InterfaceAdapterAttribute" or InterprocedureAttribute) => "the runtime calls it",
        _ when method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.MethodImplAttribute")
            => "it has a [MethodImpl] of its own: the build marks each procedure NoInlining, so that its activations show on the module's stack",
        _ => null,
    };

    private static bool ImplementsInterface(IMethodSymbol method) =>
        method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers())
            .Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method));

    /// <summary>The methods of <paramref name="module"/> that <paramref name="body"/> calls on <c>this</c> (implicitly or explicitly).</summary>
    public static IEnumerable<(InvocationExpressionSyntax Call, IMethodSymbol Callee)> CallsOnThis(SemanticModel model, SyntaxNode body, INamedTypeSymbol module)
    {
        foreach (var invocation in body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
        {
            var onThis = invocation.Expression is IdentifierNameSyntax
                || invocation.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax };
            if (onThis && model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } callee
                && SymbolEqualityComparer.Default.Equals(callee.ContainingType, module))
            {
                yield return (invocation, callee);
            }
        }
    }
}
