using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Midflight.Model.Diagnostics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using Diagnostic = Midflight.Model.Diagnostics.Diagnostic;

namespace Midflight.Transform.Procedures;

/// <summary>
/// Rewrites an instance method of the module into the body of a static method of an update, which
/// receives the running instance as <c>@this</c>: every use of the instance (<c>this</c>, a field or
/// method named alone) goes through <c>@this</c>; a call of a procedure goes through the running
/// instance's binding table (its slot's forwarder), or straight to the update's own method if the
/// update adds it; the module's static members and nested types are named in full, since the new
/// code is not inside the class. Semantic questions are asked of the original nodes, so each visit
/// looks before it rebuilds.
/// </summary>
internal sealed class StaticProcedureRewriter(
    SemanticModel model,
    INamedTypeSymbol module,
    IReadOnlyDictionary<string, ProcedureCompiler.RunningSlot> slots,
    IReadOnlyDictionary<IMethodSymbol, string> added,
    IReadOnlySet<string> addedFields,
    List<Diagnostic> errors) : CSharpSyntaxRewriter
{
    private static readonly IdentifierNameSyntax Self = IdentifierName("@this");

    /// <summary>The static field of an update that holds the box of a field it adds.</summary>
    public static string BoxOf(string field) => $"__mf_added_{field}";

    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node) =>
        node.Expression is ThisExpressionSyntax && AddedField(node.Name) is { } boxed ? boxed.WithTriviaFrom(node) : base.VisitMemberAccessExpression(node);

    /// <summary>A use of a field the update adds: the value in its box.</summary>
    private MemberAccessExpressionSyntax? AddedField(SimpleNameSyntax name) =>
        model.GetSymbolInfo(name).Symbol is IFieldSymbol { IsStatic: false } field && addedFields.Contains(field.Name) && IsMember(field)
            ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(ProcedureCompiler.VersionClass), IdentifierName(BoxOf(field.Name))),
                IdentifierName("Value"))
            : null;

    public override SyntaxNode? VisitThisExpression(ThisExpressionSyntax node) => Self.WithTriviaFrom(node);

    public override SyntaxNode? VisitBaseExpression(BaseExpressionSyntax node)
    {
        errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, ProcedureCompiler.LocationOf(node.GetLocation()),
            "a procedure update cannot call 'base': the new code runs outside the module class"));
        return node;
    }

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (model.GetSymbolInfo(node).Symbol is IMethodSymbol callee
            && SymbolEqualityComparer.Default.Equals(callee.ContainingType, module)
            && node.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax })
        {
            var arguments = (ArgumentListSyntax)Visit(node.ArgumentList)!;
            if (added.TryGetValue(callee.OriginalDefinition, out var mine))
            {
                var call = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(ProcedureCompiler.VersionClass), IdentifierName(mine));
                return InvocationExpression(call, callee.IsStatic ? arguments : arguments.WithArguments(arguments.Arguments.Insert(0, Argument(Self))))
                    .WithTriviaFrom(node);
            }
            if (!callee.IsStatic && slots.TryGetValue(ProcedureRules.Identity(callee), out var slot))
            {
                var forwarder = IdentifierName(Preparation.BindingTable.ForwarderPrefix + slot.Field);
                return InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Self, forwarder), arguments)
                    .WithTriviaFrom(node);
            }
        }
        return base.VisitInvocationExpression(node);
    }

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node) => Named(node) ?? base.VisitIdentifierName(node);

    public override SyntaxNode? VisitGenericName(GenericNameSyntax node) => Named(node) ?? base.VisitGenericName(node);

    /// <summary>A simple name that means a member of the instance, a static member or a nested type of the module, said from outside it.</summary>
    private ExpressionSyntax? Named(SimpleNameSyntax node)
    {
        if (IsQualified(node) || node.Parent is NameColonSyntax or NameEqualsSyntax || node.IsVar)
        {
            return null;
        }
        if (AddedField(node) is { } boxed)
        {
            return boxed.WithTriviaFrom(node);
        }
        var symbol = model.GetSymbolInfo(node).Symbol ?? model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault();
        switch (symbol)
        {
            case INamedTypeSymbol type when IsInside(type):
                return ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithTriviaFrom(node);
            case IFieldSymbol or IPropertySymbol or IEventSymbol or IMethodSymbol when IsMember(symbol):
                var rebuilt = node is GenericNameSyntax generic ? (SimpleNameSyntax)base.VisitGenericName(generic)! : node;
                var owner = symbol.IsStatic ? ParseTypeName(symbol.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)) : (ExpressionSyntax)Self;
                return MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, owner, rebuilt.WithoutTrivia()).WithTriviaFrom(node);
            default:
                return null;
        }
    }

    private static bool IsQualified(SimpleNameSyntax node) =>
        node.Parent is MemberAccessExpressionSyntax access && access.Name == node
        || node.Parent is QualifiedNameSyntax qualified && qualified.Right == node
        || node.Parent is MemberBindingExpressionSyntax
        || node.Parent is AliasQualifiedNameSyntax;

    private bool IsInside(INamedTypeSymbol type)
    {
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(outer, module))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A member of the module or of a class it derives from (Module's Read, Write, Print…).</summary>
    private bool IsMember(ISymbol symbol)
    {
        if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } || symbol.ContainingType is null)
        {
            return false;
        }
        for (var type = (INamedTypeSymbol?)module; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(symbol.ContainingType.OriginalDefinition, type.OriginalDefinition))
            {
                return true;
            }
        }
        return false;
    }
}
