using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Midflight.Transform.Preparation.Generated;

namespace Midflight.Transform.Preparation;

/// <summary>
/// The body a prepared method runs when it is not resuming: its lowered body specialised to
/// <c>__mf_site == 0</c>. The restore prologue goes, and so does everything that only resuming needs
/// — the dispatches, the resume site and its clearing, the flags that make a call resume the frame
/// below — and the conditions that test them fold away: <c>__mf_site != 0 || c</c> becomes <c>c</c>,
/// <c>__mf_dN ? resume : call</c> becomes <c>call</c>. What is left is the module's code with the
/// capture tests after its calls and at its points, and nothing else: small enough for the JIT to
/// inline where it would inline the original.
/// </summary>
/// <remarks>
/// Resuming is done by a copy of the method that keeps the whole lowered body (see
/// <see cref="ModuleRewriter"/>). The specialisation declares neither the resume site nor the frame,
/// so anything left that still read them would not compile: it cannot silently misbehave.
/// </remarks>
internal sealed class RunningBody : CSharpSyntaxRewriter
{
    private RunningBody()
    {
    }

    public static BlockSyntax Of(BlockSyntax lowered) => (BlockSyntax)new RunningBody().Visit(lowered);

    public override SyntaxNode? VisitLocalDeclarationStatement(LocalDeclarationStatementSyntax node) =>
        node.Declaration.Variables is [{ Identifier.Text: var name }] && (name is Site or Frame || IsResumeFlag(name))
            ? null
            : base.VisitLocalDeclarationStatement(node);

    public override SyntaxNode? VisitExpressionStatement(ExpressionStatementSyntax node) =>
        node.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.Text: Site } }
            ? null
            : base.VisitExpressionStatement(node);

    public override SyntaxNode? VisitSwitchStatement(SwitchStatementSyntax node) =>
        node.Expression is IdentifierNameSyntax { Identifier.Text: Site } ? null : base.VisitSwitchStatement(node);

    /// <summary>A label stays where its statement went: a point's <c>catch</c> jumps back to it.</summary>
    public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node) =>
        node.WithStatement((StatementSyntax?)Visit(node.Statement) ?? EmptyStatement());

    public override SyntaxNode? VisitIfStatement(IfStatementSyntax node)
    {
        if (node.Condition is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: Context }, Name.Identifier.Text: nameof(CaptureContext.IsRestoring) })
        {
            return null;
        }
        var visited = (IfStatementSyntax)base.VisitIfStatement(node)!;
        return Constant(visited.Condition) switch
        {
            true => visited.Statement,
            false => visited.Else?.Statement ?? (node.Parent is BlockSyntax ? null : EmptyStatement()),
            null => visited,
        };
    }

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node) =>
        IsResumeFlag(node.Identifier.Text) ? False : base.VisitIdentifierName(node);

    public override SyntaxNode? VisitBinaryExpression(BinaryExpressionSyntax node)
    {
        if (node.Left is IdentifierNameSyntax { Identifier.Text: Site } && node.Right is LiteralExpressionSyntax { Token.Value: int site })
        {
            return node.IsKind(SyntaxKind.EqualsExpression) == (site == 0) ? True : False;
        }
        var visited = (BinaryExpressionSyntax)base.VisitBinaryExpression(node)!;
        return (visited.Kind(), Constant(visited.Left), Constant(visited.Right)) switch
        {
            (SyntaxKind.LogicalOrExpression, false, _) => visited.Right,
            (SyntaxKind.LogicalOrExpression, _, false) => visited.Left,
            (SyntaxKind.LogicalOrExpression, true, _) => True,
            (SyntaxKind.LogicalAndExpression, true, _) => visited.Right,
            (SyntaxKind.LogicalAndExpression, false, _) => False,
            _ => visited,
        };
    }

    public override SyntaxNode? VisitConditionalExpression(ConditionalExpressionSyntax node)
    {
        var visited = (ConditionalExpressionSyntax)base.VisitConditionalExpression(node)!;
        return Constant(visited.Condition) switch
        {
            true => visited.WhenTrue,
            false => visited.WhenFalse,
            null => visited,
        };
    }

    public override SyntaxNode? VisitParenthesizedExpression(ParenthesizedExpressionSyntax node)
    {
        var visited = (ParenthesizedExpressionSyntax)base.VisitParenthesizedExpression(node)!;
        return Constant(visited.Expression) is null ? visited : visited.Expression;
    }

    private static bool? Constant(ExpressionSyntax expression) => expression.Kind() switch
    {
        SyntaxKind.TrueLiteralExpression => true,
        SyntaxKind.FalseLiteralExpression => false,
        _ => null,
    };

    private static LiteralExpressionSyntax True => LiteralExpression(SyntaxKind.TrueLiteralExpression);

    private static LiteralExpressionSyntax False => LiteralExpression(SyntaxKind.FalseLiteralExpression);
}
