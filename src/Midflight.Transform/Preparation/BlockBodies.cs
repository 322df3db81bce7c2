using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Midflight.Transform.Preparation;

/// <summary>
/// The first lowering, before any analysis: the methods and local functions of a module class get
/// block bodies (<c>int F() => G();</c> becomes <c>int F() { return G(); }</c>), so that every call
/// stands in a statement, where a capture site can be.
/// </summary>
internal sealed class BlockBodies : CSharpSyntaxRewriter
{
    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Body(arrow, visited.ReturnType, visited.Modifiers))
            : visited;
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Body(arrow, visited.ReturnType, visited.Modifiers))
            : visited;
    }

    private static BlockSyntax Body(ArrowExpressionClauseSyntax arrow, TypeSyntax returnType, SyntaxTokenList modifiers)
    {
        var isAsync = modifiers.Any(SyntaxKind.AsyncKeyword);
        var returnsNothing = returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            || (isAsync && returnType is IdentifierNameSyntax { Identifier.Text: "Task" or "ValueTask" } or QualifiedNameSyntax { Right: IdentifierNameSyntax { Identifier.Text: "Task" or "ValueTask" } });
        return Block(returnsNothing ? ExpressionStatement(arrow.Expression) : ReturnStatement(arrow.Expression));
    }
}
