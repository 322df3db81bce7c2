using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Midflight.Transform.Preparation;

internal enum SiteShapeKind
{
    /// <summary><c>F(…);</c> or <c>await F(…);</c></summary>
    Bare,

    /// <summary><c>x = F(…);</c>, <c>x += F(…);</c>, <c>var x = F(…);</c></summary>
    Assign,

    /// <summary><c>return F(…);</c></summary>
    Return,
}

/// <summary>
/// How a call on the graph stands in its statement. The statement must finish with the call, so that
/// a capture right after it leaves nothing half done: the call is made first, its result kept, and
/// the rest of the statement (an assignment, a return) done with the kept result.
/// </summary>
internal sealed record SiteShape(SiteShapeKind Kind, ExpressionSyntax Call, ExpressionSyntax? Target, SyntaxKind AssignmentKind)
{
    public static bool TryDescribe(StatementSyntax statement, InvocationExpressionSyntax invocation, SemanticModel model,
        ExpressionSyntax? declared, out SiteShape shape, out string problem)
    {
        shape = null!;
        problem = "";
        var call = CallExpression(invocation);
        switch (statement)
        {
            case ExpressionStatementSyntax { Expression: var expression } when expression == call:
                shape = new SiteShape(SiteShapeKind.Bare, call, null, default);
                return true;
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } when assignment.Right == call && assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                problem = "is called only when the target is null ('x ??= F(…)'): write 'if (x is null) { x = F(…); }'";
                return false;
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } when assignment.Right == call:
                if (!IsPlainTarget(assignment.Left, model, compound: !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)))
                {
                    problem = "is assigned to something that is evaluated before the call; assign the result to a local first and then to the target";
                    return false;
                }
                shape = new SiteShape(SiteShapeKind.Assign, call, assignment.Left, assignment.Kind());
                return true;
            case LocalDeclarationStatementSyntax { Declaration.Variables: [{ Initializer.Value: var value }] } when value == call && declared is not null:
                shape = new SiteShape(SiteShapeKind.Assign, call, declared, SyntaxKind.SimpleAssignmentExpression);
                return true;
            case ReturnStatementSyntax { Expression: var returned } when returned == call:
                shape = new SiteShape(SiteShapeKind.Return, call, null, default);
                return true;
            default:
                problem = "stands inside an expression the build cannot take apart without changing what it does ('a ?? F()', 'a?.M(F())', an object or collection initializer, a nested assignment, a loop's step): assign its result to a local first";
                return false;
        }
    }

    /// <summary>The invocation, or the await of it (with or without <c>ConfigureAwait</c>).</summary>
    private static ExpressionSyntax CallExpression(InvocationExpressionSyntax invocation)
    {
        ExpressionSyntax current = invocation;
        if (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.Text: "ConfigureAwait", Parent: InvocationExpressionSyntax configured })
        {
            current = configured;
        }
        return current.Parent is AwaitExpressionSyntax awaited ? awaited : invocation;
    }

    /// <summary>
    /// A target whose evaluation has no effect and cannot be changed by the call: a local or a
    /// parameter, or for a simple assignment a field of this object. A compound assignment reads its
    /// target before the call in C#, so only a local may be the target of one.
    /// </summary>
    private static bool IsPlainTarget(ExpressionSyntax target, SemanticModel model, bool compound)
    {
        var symbol = model.GetSymbolInfo(target).Symbol;
        return target switch
        {
            IdentifierNameSyntax { Identifier.Text: "_" } when symbol is null => !compound, // a discard
            IdentifierNameSyntax => symbol is ILocalSymbol || (symbol is IParameterSymbol { RefKind: RefKind.None }) || (!compound && symbol is IFieldSymbol or IPropertySymbol),
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } => !compound && symbol is IFieldSymbol,
            // var (a, b) = F(…), (x, var y) = F(…): a deconstruction into variables evaluates nothing before the call.
            DeclarationExpressionSyntax => !compound,
            TupleExpressionSyntax tuple => !compound && tuple.Arguments.All(a => IsPlainTarget(a.Expression, model, compound: false)),
            _ => false,
        };
    }
}
