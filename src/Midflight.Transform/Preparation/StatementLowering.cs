using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Midflight.Model.Diagnostics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Midflight.Transform.Preparation.Generated;

namespace Midflight.Transform.Preparation;

/// <summary>
/// Lowers a compound statement that holds a site, so that resuming passes through it to the site
/// without running again what already ran: conditions are not evaluated while resuming (the branch
/// or body holding the site is taken), loops keep their position in variables that are captured, and
/// <c>finally</c> bodies do not run while the stack unwinds for a capture.
/// </summary>
internal sealed class StatementLowering(MethodLowering method, IReadOnlyList<HoistedVariable> hidden)
{
    public LoweredStatements Lower(StatementSyntax statement)
    {
        var sites = method.SitesIn(statement).Select(s => s.Number).ToList();
        switch (statement)
        {
            case BlockSyntax block:
                return LoweredStatements.Resuming(Embedded(block), sites, method.NewLabel());
            case LabeledStatementSyntax labeled:
                var inner = method.LowerOnPath(labeled.Statement, hidden);
                inner.LabelFirst(labeled.Identifier.Text);
                return inner;
            case IfStatementSyntax ifStatement:
                return LoweredStatements.Resuming(If(ifStatement), sites, method.NewLabel());
            case WhileStatementSyntax loop:
                return LoweredStatements.Resuming(
                    WhileStatement(BinaryExpression(SyntaxKind.LogicalOrExpression, Resuming, Parenthesized(method.Fix(loop.Condition))), Embedded(loop.Statement)),
                    sites, method.NewLabel());
            case DoStatementSyntax loop:
                return LoweredStatements.Resuming(DoStatement(Embedded(loop.Statement), method.Fix(loop.Condition)), sites, method.NewLabel());
            case ForStatementSyntax loop:
                return For(loop, sites);
            case ForEachStatementSyntax loop:
                return ForEach(loop, sites);
            case SwitchStatementSyntax switchStatement:
                return Switch(switchStatement, sites);
            case TryStatementSyntax tryStatement:
                return LoweredStatements.Resuming(Try(tryStatement), sites, method.NewLabel());
            case UsingStatementSyntax usingStatement:
                return LoweredStatements.Resuming(Using(usingStatement), sites, method.NewLabel());
            case LockStatementSyntax lockStatement:
                // Resuming enters the lock again; unwinding for a capture leaves it, as any return does.
                return LoweredStatements.Resuming(LockStatement(method.Fix(lockStatement.Expression), Embedded(lockStatement.Statement)), sites, method.NewLabel());
            case CheckedStatementSyntax checkedStatement:
                return LoweredStatements.Resuming(CheckedStatement(checkedStatement.Kind(), Embedded(checkedStatement.Block)), sites, method.NewLabel());
            default:
                method.Report(DiagnosticCodes.StatementNotSupported, statement,
                    $"a '{statement.Kind()}' statement holds capture site{(sites.Count == 1 ? "" : "s")} {string.Join(", ", sites)}, and cannot be resumed in the middle; move the call or point out of it");
                return LoweredStatements.Of(statement);
        }
    }

    /// <summary>A statement as the body of a lowered statement: always a block, which can hold a dispatch.</summary>
    private BlockSyntax Embedded(StatementSyntax statement) => Embedded(StatementsOf(statement), hidden, [], []);

    // Not a collection expression: one of type SyntaxList would copy the statement out of its tree.
    private static IEnumerable<StatementSyntax> StatementsOf(StatementSyntax statement) =>
        statement is BlockSyntax block ? block.Statements : Enumerable.Repeat(statement, 1);

    // The statements must be the module's own nodes, not copies, for the sites in them to be found.
    private BlockSyntax Embedded(IEnumerable<StatementSyntax> statements, IReadOnlyList<HoistedVariable> scope, IEnumerable<HoistedVariable> hoisted, IEnumerable<StatementSyntax> prefix)
    {
        var block = new BlockLowering(method, scope);
        foreach (var variable in hoisted)
        {
            block.Hoist(variable);
        }
        foreach (var generated in prefix)
        {
            block.AddGenerated(generated);
        }
        foreach (var inner in statements)
        {
            block.Add(inner);
        }
        return block.ToBlock();
    }

    private IfStatementSyntax If(IfStatementSyntax statement)
    {
        var thenSites = method.SitesIn(statement.Statement).Select(s => s.Number).ToList();
        var condition = ConditionalExpression(NotResuming, Parenthesized(method.Fix(statement.Condition)), Parenthesized(SiteIsOneOf(thenSites)));
        var then = thenSites.Count > 0 ? Embedded(statement.Statement) : method.Fix(statement.Statement);
        var otherwise = statement.Else is null ? null
            : ElseClause(method.HoldsSite(statement.Else.Statement) ? Embedded(statement.Else.Statement) : method.Fix(statement.Else.Statement));
        return IfStatement(condition, then, otherwise);
    }

    /// <summary>
    /// <c>for (init; cond; step) body</c> becomes a block that declares the loop's variables (so they
    /// are captured and restored like any local), runs the initialisers unless resuming, and loops
    /// without testing the condition while resuming.
    /// </summary>
    private LoweredStatements For(ForStatementSyntax loop, List<int> sites)
    {
        var block = new BlockLowering(method, hidden);
        if (loop.Declaration is { } declaration)
        {
            foreach (var declarator in declaration.Variables)
            {
                var local = (ILocalSymbol)method.Model.GetDeclaredSymbol(declarator)!;
                block.Hoist(new HoistedVariable(local.Name, MethodLowering.TypeOfLocal(local), local));
                if (declarator.Initializer is { } initializer)
                {
                    block.AddGenerated(Assign(Name(local.Name), method.Fix(initializer.Value)));
                }
            }
        }
        foreach (var initializer in loop.Initializers)
        {
            block.AddGenerated(ExpressionStatement(method.Fix(initializer)));
        }
        var condition = loop.Condition is null ? null
            : BinaryExpression(SyntaxKind.LogicalOrExpression, Resuming, Parenthesized(method.Fix(loop.Condition)));
        var lowered = ForStatement(Embedded(loop.Statement))
            .WithCondition(condition)
            .WithIncrementors(SeparatedList(loop.Incrementors.Select(method.Fix)));
        block.AddLowered(LoweredStatements.Resuming(lowered, sites, method.NewLabel()));
        return LoweredStatements.Resuming(block.ToBlock(), sites, method.NewLabel());
    }

    /// <summary>
    /// <c>foreach</c> over an array or a <c>List&lt;T&gt;</c> becomes a loop by index over the
    /// collection, both held in variables the lowering declares and every site below captures, so
    /// the loop resumes at the same element of the same collection.
    /// </summary>
    private LoweredStatements ForEach(ForEachStatementSyntax loop, List<int> sites)
    {
        var collectionType = method.TypeOfExpression(loop.Expression);
        var count = collectionType switch
        {
            IArrayTypeSymbol { Rank: 1 } => "Length",
            INamedTypeSymbol { OriginalDefinition.MetadataName: "List`1", ContainingNamespace: var ns } when ns.ToDisplayString() == "System.Collections.Generic" => "Count",
            _ => null,
        };
        if (count is null)
        {
            method.Report(DiagnosticCodes.CollectionNotSupported, loop.Expression,
                $"'foreach' over a '{collectionType?.ToDisplayString() ?? "?"}' holds capture site{(sites.Count == 1 ? "" : "s")} {string.Join(", ", sites)}; only arrays and List<T> can resume at an element");
            return LoweredStatements.Of(loop);
        }
        var element = (ILocalSymbol)method.Model.GetDeclaredSymbol(loop)!;
        var collection = new HoistedVariable(method.NewHidden("collection"), TypeOf(collectionType!), null);
        var index = new HoistedVariable(method.NewHidden("index"), PredefinedType(Token(SyntaxKind.IntKeyword)), null);
        var outer = new BlockLowering(method, hidden);
        outer.Hoist(collection);
        outer.Hoist(index);
        outer.AddGenerated(Assign(Name(collection.Name), method.Fix(loop.Expression)));
        outer.AddGenerated(Assign(Name(index.Name), Number(0)));

        var inScope = hidden.Concat([collection, index]).ToList();
        var current = CastExpression(MethodLowering.TypeOfLocal(element),
            ElementAccessExpression(Name(collection.Name), BracketedArgumentList(SingletonSeparatedList(Argument(Name(index.Name))))));
        var body = Embedded(StatementsOf(loop.Statement), inScope, [new HoistedVariable(element.Name, MethodLowering.TypeOfLocal(element), element)],
            [Assign(Name(element.Name), current)]);
        var lowered = ForStatement(body)
            .WithCondition(BinaryExpression(SyntaxKind.LogicalOrExpression, Resuming,
                BinaryExpression(SyntaxKind.LessThanExpression, Name(index.Name), Member(Name(collection.Name), count))))
            .WithIncrementors(SingletonSeparatedList<ExpressionSyntax>(PostfixUnaryExpression(SyntaxKind.PostIncrementExpression, Name(index.Name))));
        outer.AddLowered(LoweredStatements.Resuming(lowered, sites, method.NewLabel()));
        return LoweredStatements.Resuming(outer.ToBlock(), sites, method.NewLabel());
    }

    /// <summary>
    /// A <c>switch</c> keeps the value it switched on in a captured variable: resuming switches on it
    /// again, which selects the same section without evaluating the expression again.
    /// </summary>
    private LoweredStatements Switch(SwitchStatementSyntax statement, List<int> sites)
    {
        var subjectType = method.TypeOfExpression(statement.Expression);
        var subject = new HoistedVariable(method.NewHidden("subject"),
            subjectType is null ? PredefinedType(Token(SyntaxKind.ObjectKeyword)) : TypeOf(subjectType), null);
        var outer = new BlockLowering(method, hidden);
        outer.Hoist(subject);
        outer.AddGenerated(Assign(Name(subject.Name), method.Fix(statement.Expression)));
        var inScope = hidden.Append(subject).ToList();
        var sections = statement.Sections.Select(section => method.HoldsSite(section)
            ? SwitchSection(List(section.Labels.Select(method.Fix)),
                SingletonList<StatementSyntax>(Embedded(section.Statements, inScope, [], [])))
            : method.Fix(section));
        var lowered = SwitchStatement(Name(subject.Name), List(sections));
        outer.AddLowered(LoweredStatements.Resuming(lowered, sites, method.NewLabel()));
        return LoweredStatements.Resuming(outer.ToBlock(), sites, method.NewLabel());
    }

    /// <summary>
    /// Resuming re-enters the <c>try</c> through its own dispatch. While the stack unwinds for a
    /// capture, the <c>finally</c> body does not run: the code it finishes has not finished, and will
    /// go on in the new instance.
    /// </summary>
    private TryStatementSyntax Try(TryStatementSyntax statement)
    {
        foreach (var clause in statement.Catches.Cast<SyntaxNode>().Append(statement.Finally).OfType<SyntaxNode>().Where(method.HoldsSite))
        {
            method.Report(DiagnosticCodes.StatementNotSupported, clause,
                $"a capture site stands in a '{(clause is CatchClauseSyntax ? "catch" : "finally")}' body, which cannot be resumed without the exception or the unwinding that ran it; call the method after the 'try' instead");
        }
        var finallyClause = statement.Finally is null ? null
            : FinallyClause(Block(IfStatement(PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, Member(Name(Context), nameof(CaptureContext.IsCapturing))),
                method.Fix(statement.Finally.Block))));
        return TryStatement(Embedded(statement.Block), List(statement.Catches.Select(method.Fix)), finallyClause);
    }

    /// <summary>
    /// Resuming passes through the <c>using</c> again, which acquires the resource again: the
    /// resource is released when the stack unwinds for a capture (the old instance lets go of it) and
    /// acquired again, by the same expression, where the new instance resumes. It is not captured.
    /// </summary>
    private UsingStatementSyntax Using(UsingStatementSyntax statement)
    {
        foreach (var declarator in statement.Declaration?.Variables ?? [])
        {
            method.Exclude(method.Model.GetDeclaredSymbol(declarator)!);
        }
        return UsingStatement(statement.Declaration is null ? null : method.Fix(statement.Declaration),
            statement.Expression is null ? null : method.Fix(statement.Expression), Embedded(statement.Statement));
    }
}
