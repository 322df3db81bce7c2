using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Midflight.Transform.Preparation.Generated;

namespace Midflight.Transform.Preparation;

/// <summary>
/// The second lowering, before the analysis that numbers the capture sites: every call on the
/// reconfiguration graph that stands inside a larger expression is given a statement of its own, its
/// result kept in a temporary, as the compiler spills an <c>await</c> out of an expression. What the
/// expression evaluated before the call is kept in temporaries too, so the order of evaluation does not
/// change; <c>&amp;&amp;</c>, <c>||</c>, <c>?:</c> and <c>switch</c> expressions become the statements
/// that evaluate only the operand they would; a loop whose condition calls becomes a loop that tests
/// the call's result. A call then always stands where a capture right after it leaves nothing half
/// done (<see cref="SiteShape"/>).
/// </summary>
/// <remarks>
/// An expression of a shape not listed here is left as it is, and the lowering refuses it with its
/// reason (MF1006). The generated statements carry no line breaks, so every line of the module keeps
/// its number in diagnostics and in the reconfiguration graph.
/// </remarks>
internal sealed class CallSpilling
{
    private readonly SemanticModel _model;
    private readonly HashSet<IMethodSymbol> _onGraph;
    private int _temporaries;
    private readonly Dictionary<string, TypeSyntax> _temporaryTypes = []; // where the type of a 'var' temporary can be written
    private readonly HashSet<string> _callTemporaries = []; // the temporaries that keep a call's result: each is a capture site
    private readonly HashSet<string> _formatted = []; // the temporaries that keep a part of a string as text
    private readonly HashSet<ISymbol> _shared = new(SymbolEqualityComparer.Default); // the method's locals a call may change: passed by ref, or captured

    private CallSpilling(SemanticModel model, HashSet<IMethodSymbol> onGraph)
    {
        _model = model;
        _onGraph = onGraph;
    }

    /// <summary>The compilation with the calls on <paramref name="onGraph"/>'s methods spilled out of the bodies of those methods.</summary>
    public static Compilation Apply(Compilation compilation, IReadOnlyCollection<IMethodSymbol> onGraph)
    {
        var methods = new HashSet<IMethodSymbol>(onGraph, SymbolEqualityComparer.Default);
        var bodies = methods
            .SelectMany(m => m.DeclaringSyntaxReferences.Select(r => r.GetSyntax()))
            .OfType<MethodDeclarationSyntax>()
            .Where(m => m.Body is not null)
            .Select(m => m.Body!)
            .GroupBy(b => b.SyntaxTree);
        foreach (var tree in bodies)
        {
            var spilling = new CallSpilling(compilation.GetSemanticModel(tree.Key), methods);
            var root = tree.Key.GetRoot().ReplaceNodes(tree, (original, _) => spilling.Body(original));
            compilation = compilation.ReplaceSyntaxTree(tree.Key, tree.Key.WithRootAndOptions(root, tree.Key.Options));
        }
        return compilation;
    }

    /// <summary>An expression this lowering does not take apart: its statement stays as written.</summary>
    private sealed class NotSpillable : Exception;

    // ----- Statements -----

    /// <summary>
    /// A method's body. Temporaries are numbered within the method, so that a version changing another
    /// method keeps this one's names, which its frames carry: an update checks them.
    /// </summary>
    private BlockSyntax Body(BlockSyntax body)
    {
        _temporaries = 0;
        _temporaryTypes.Clear();
        _callTemporaries.Clear();
        _formatted.Clear();
        _shared.Clear();
        _shared.UnionWith(SharedLocals(body));
        return Block(body);
    }

    private BlockSyntax Block(BlockSyntax block) => block.WithStatements(List(block.Statements.SelectMany(Statement)));

    /// <summary>A statement as the body of another: one statement, or a block of those it became.</summary>
    private StatementSyntax Embedded(StatementSyntax statement) =>
        Statement(statement) is [var single] ? single : SyntaxFactory.Block(Statement(statement));

    private IReadOnlyList<StatementSyntax> Statement(StatementSyntax statement)
    {
        try
        {
            return Spilled(statement);
        }
        catch (NotSpillable)
        {
            return [statement];
        }
    }

    private IReadOnlyList<StatementSyntax> Spilled(StatementSyntax statement)
    {
        var before = new List<StatementSyntax>();
        StatementSyntax result;
        switch (statement)
        {
            case BlockSyntax block:
                return [Block(block)];
            case LabeledStatementSyntax labeled:
                return Labeled(labeled);
            case LocalFunctionStatementSyntax function when function.Body is not null
                && _model.GetDeclaredSymbol(function) is IMethodSymbol local && _onGraph.Contains(local):
                return [function.WithBody(Block(function.Body))];
            case ExpressionStatementSyntax expression when HasCall(expression.Expression) && !IsSite(expression):
                result = expression.WithExpression(TopLevel(expression.Expression, before));
                break;
            case LocalDeclarationStatementSyntax declaration when HasCall(declaration) && !IsSite(declaration):
                return Declaration(declaration);
            case ReturnStatementSyntax { Expression: { } returned } returnStatement when HasCall(returned) && !IsSite(returnStatement):
                result = returnStatement.WithExpression(Spill(returned, before));
                break;
            case ThrowStatementSyntax { Expression: { } thrown } throwStatement when HasCall(thrown):
                result = throwStatement.WithExpression(Spill(thrown, before));
                break;
            case IfStatementSyntax ifStatement:
                var condition = HasCall(ifStatement.Condition) ? Spill(ifStatement.Condition, before) : ifStatement.Condition;
                result = ifStatement.WithCondition(condition).WithStatement(Embedded(ifStatement.Statement))
                    .WithElse(ifStatement.Else?.WithStatement(Embedded(ifStatement.Else.Statement)));
                break;
            case WhileStatementSyntax loop when HasCall(loop.Condition):
                // while (c) S  →  while (true) { …c…; if (!c') break; S }: a continue in S tests c again.
                var test = new List<StatementSyntax>();
                var tested = Spill(loop.Condition, test);
                test.Add(IfStatement(Not(tested), BreakStatement()));
                result = WhileStatement(LiteralExpression(SyntaxKind.TrueLiteralExpression), SyntaxFactory.Block(List([.. test, Embedded(loop.Statement)])));
                break;
            case WhileStatementSyntax loop:
                result = loop.WithStatement(Embedded(loop.Statement));
                break;
            case DoStatementSyntax loop when HasCall(loop.Condition):
                return DoWhile(loop);
            case DoStatementSyntax loop:
                result = loop.WithStatement(Embedded(loop.Statement));
                break;
            case ForStatementSyntax loop:
                return For(loop);
            case ForEachStatementSyntax loop:
                result = loop.WithExpression(HasCall(loop.Expression) ? Spill(loop.Expression, before) : loop.Expression).WithStatement(Embedded(loop.Statement));
                break;
            case ForEachVariableStatementSyntax loop:
                result = loop.WithExpression(HasCall(loop.Expression) ? Spill(loop.Expression, before) : loop.Expression).WithStatement(Embedded(loop.Statement));
                break;
            case SwitchStatementSyntax switchStatement:
                result = switchStatement
                    .WithExpression(HasCall(switchStatement.Expression) ? Spill(switchStatement.Expression, before) : switchStatement.Expression)
                    .WithSections(List(switchStatement.Sections.Select(s => s.WithStatements(List(s.Statements.SelectMany(Statement))))));
                break;
            case TryStatementSyntax tryStatement:
                result = tryStatement.WithBlock(Block(tryStatement.Block))
                    .WithCatches(List(tryStatement.Catches.Select(c => c.WithBlock(Block(c.Block)))))
                    .WithFinally(tryStatement.Finally?.WithBlock(Block(tryStatement.Finally.Block)));
                break;
            case UsingStatementSyntax usingStatement when usingStatement.Expression is { } resource && HasCall(resource):
                result = usingStatement.WithExpression(Spill(resource, before)).WithStatement(Embedded(usingStatement.Statement));
                break;
            case UsingStatementSyntax usingStatement when usingStatement.Declaration is null || !HasCall(usingStatement.Declaration):
                result = usingStatement.WithStatement(Embedded(usingStatement.Statement));
                break;
            case LockStatementSyntax lockStatement when !HasCall(lockStatement.Expression):
                result = lockStatement.WithStatement(Embedded(lockStatement.Statement));
                break;
            case CheckedStatementSyntax checkedStatement:
                result = checkedStatement.WithBlock(Block(checkedStatement.Block));
                break;
            default:
                return [statement];
        }
        if (before.Count == 0)
        {
            return [result];
        }
        before[0] = before[0].WithLeadingTrivia(statement.GetLeadingTrivia());
        return [.. before, result.WithoutLeadingTrivia()];
    }

    /// <summary>
    /// A label goes on the first statement a statement became. A declaration whose initialiser calls
    /// cannot be labelled (the label would stand where its variable is declared): <c>L: var x = F();</c>
    /// becomes <c>T x = default!; L: x = F();</c>, the point standing on the assignment.
    /// </summary>
    private List<StatementSyntax> Labeled(LabeledStatementSyntax labeled)
    {
        var inner = Statement(labeled.Statement).ToList();
        var first = inner[0] is LocalDeclarationStatementSyntax { Declaration.Variables: [{ Initializer.Value: var value } variable] } declaration
            && (value.SyntaxTree == _model.SyntaxTree ? HasCall(value) : _callTemporaries.Contains(variable.Identifier.Text))
            && !declaration.IsConst && declaration.UsingKeyword == default && Typed(variable) is { } type
            ? Split(declaration, variable, type)
            : null;
        if (first is not null)
        {
            inner.RemoveAt(0);
            inner.InsertRange(0, first);
        }
        var at = first is null ? 0 : 1;
        inner[at] = labeled.WithStatement(inner[at].WithoutLeadingTrivia()).WithLeadingTrivia(at == 0 ? labeled.GetLeadingTrivia() : default);
        if (at == 1)
        {
            inner[0] = inner[0].WithLeadingTrivia(labeled.GetLeadingTrivia());
        }
        return inner;
    }

    private TypeSyntax? Typed(VariableDeclaratorSyntax variable) =>
        variable.SyntaxTree != _model.SyntaxTree ? _temporaryTypes.GetValueOrDefault(variable.Identifier.Text)
        : _model.GetDeclaredSymbol(variable) is ILocalSymbol { Type: var type } && Nameable(type) ? TypeOf(type)
        : null;

    private static List<StatementSyntax> Split(LocalDeclarationStatementSyntax declaration, VariableDeclaratorSyntax variable, TypeSyntax type) =>
    [
        Declare(type, variable.Identifier.Text, DefaultValue),
        Assign(IdentifierName(variable.Identifier.Text), variable.Initializer!.Value).WithTrailingTrivia(declaration.GetTrailingTrivia()),
    ];

    /// <summary>
    /// <c>T a = x, b = F(…);</c> becomes one declaration a variable, each initialiser spilled in turn; a
    /// declaration that is already a site (<c>var x = F(…);</c>) stays.
    /// </summary>
    private List<StatementSyntax> Declaration(LocalDeclarationStatementSyntax declaration)
    {
        if (declaration.IsConst || declaration.UsingKeyword != default)
        {
            return [declaration];
        }
        var statements = new List<StatementSyntax>();
        foreach (var variable in declaration.Declaration.Variables)
        {
            var single = declaration.WithDeclaration(declaration.Declaration.WithVariables(SingletonSeparatedList(variable)));
            if (variable.Initializer is not { Value: var value } || !HasCall(value) || (declaration.Declaration.Variables.Count == 1 && IsSite(declaration)))
            {
                statements.Add(single.WithoutTrivia());
                continue;
            }
            var initial = Spill(value, statements);
            statements.Add(single.WithDeclaration(single.Declaration.WithVariables(SingletonSeparatedList(variable.WithInitializer(variable.Initializer.WithValue(initial))))).WithoutTrivia());
        }
        statements[0] = statements[0].WithLeadingTrivia(declaration.GetLeadingTrivia());
        statements[^1] = statements[^1].WithTrailingTrivia(declaration.GetTrailingTrivia());
        return statements;
    }

    /// <summary><c>do S while (c);</c> → <c>do { S; …c… } while (c')</c>, a continue in S going to the test, as it did.</summary>
    private IReadOnlyList<StatementSyntax> DoWhile(DoStatementSyntax loop)
    {
        var test = new List<StatementSyntax>();
        var tested = Spill(loop.Condition, test);
        var again = NewName("again");
        var next = NewName("next");
        var body = new ContinueTo(next).Visit(Embedded(loop.Statement));
        test.Add(Assign(IdentifierName(again), tested));
        return
        [
            Declare(PredefinedType(Token(SyntaxKind.BoolKeyword)), again, LiteralExpression(SyntaxKind.FalseLiteralExpression)).WithLeadingTrivia(loop.GetLeadingTrivia()),
            DoStatement(SyntaxFactory.Block((StatementSyntax)body, Label(next, SyntaxFactory.Block(test))), IdentifierName(again)),
        ];
    }

    /// <summary>Turns the <c>continue</c> statements of one loop, not of loops inside it, into jumps to a label.</summary>
    private sealed class ContinueTo(string label) : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitContinueStatement(ContinueStatementSyntax node) => GoTo(label).WithTriviaFrom(node);

        public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node) => node;

        public override SyntaxNode? VisitDoStatement(DoStatementSyntax node) => node;

        public override SyntaxNode? VisitForStatement(ForStatementSyntax node) => node;

        public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node) => node;

        public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node) => node;

        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => node;

        public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => node;

        public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => node;

        public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => node;
    }

    /// <summary>
    /// <c>for (init; c; step) S</c>: a declaration or initialiser that calls runs before the loop, in a
    /// block that keeps its scope; a condition that calls is tested at the top of the body.
    /// </summary>
    private IReadOnlyList<StatementSyntax> For(ForStatementSyntax loop)
    {
        if (loop.Incrementors.Any(HasCall))
        {
            throw new NotSpillable();
        }
        var body = Embedded(loop.Statement);
        var condition = loop.Condition;
        if (condition is not null && HasCall(condition))
        {
            var test = new List<StatementSyntax>();
            var tested = Spill(condition, test);
            test.Add(IfStatement(Not(tested), BreakStatement()));
            body = SyntaxFactory.Block(List([.. test, body]));
            condition = null;
        }
        var initialCalls = (loop.Declaration is { } d && HasCall(d)) || loop.Initializers.Any(HasCall);
        if (!initialCalls)
        {
            return [loop.WithCondition(condition).WithStatement(body)];
        }
        var setup = new List<StatementSyntax>();
        foreach (var variable in loop.Declaration?.Variables ?? [])
        {
            var initial = variable.Initializer is { Value: var value } initializer ? initializer.WithValue(Spill(value, setup)) : null;
            setup.Add(LocalDeclarationStatement(VariableDeclaration(loop.Declaration!.Type, SingletonSeparatedList(variable.WithInitializer(initial)))));
        }
        foreach (var initializer in loop.Initializers)
        {
            var done = TopLevel(initializer, setup);
            setup.Add(ExpressionStatement(done));
        }
        var rest = loop.WithDeclaration(null).WithInitializers(default).WithCondition(condition).WithStatement(body);
        return [SyntaxFactory.Block(List([.. setup, rest])).WithLeadingTrivia(loop.GetLeadingTrivia())];
    }

    // ----- Expressions -----

    /// <summary>The expression of an expression statement: an assignment whose target is evaluated before the call keeps that order.</summary>
    private ExpressionSyntax TopLevel(ExpressionSyntax expression, List<StatementSyntax> before)
    {
        if (IsCallItself(expression))
        {
            return CallWithSpilledArguments(expression, before); // a statement of its own already
        }
        if (expression is not AssignmentExpressionSyntax assignment || !HasCall(assignment.Right) || HasCall(assignment.Left))
        {
            return Spill(expression, before);
        }
        if (assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
        {
            throw new NotSpillable(); // x ??= F() calls F only when x is null
        }
        var target = Target(assignment.Left, before);
        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !IsStable(assignment.Left))
        {
            // x op= F(): C# reads x before the call, and converts the result back to x's type.
            var operation = CompoundOperator(assignment.Kind());
            var type = _model.GetTypeInfo(assignment.Left).Type;
            if (type is null || !Nameable(type) || _model.GetSymbolInfo(assignment).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator })
            {
                throw new NotSpillable();
            }
            var read = Temporary(target, before, type);
            var value = Spill(assignment.Right, before);
            return AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, target,
                CastExpression(TypeOf(type), Parenthesized(BinaryExpression(operation, read, Parenthesized(value)))));
        }
        return assignment.WithLeft(target).WithRight(Spill(assignment.Right, before));
    }

    /// <summary>The target of an assignment, its parts that are not stable kept in temporaries so that they are evaluated before the value.</summary>
    private ExpressionSyntax Target(ExpressionSyntax target, List<StatementSyntax> before) => target switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax or DeclarationExpressionSyntax => target,
        TupleExpressionSyntax tuple when tuple.Arguments.All(a => a.Expression is IdentifierNameSyntax or DeclarationExpressionSyntax) => target,
        MemberAccessExpressionSyntax { Expression: var receiver } member when !IsValueType(receiver) || IsStable(receiver) =>
            member.WithExpression(IsStable(receiver) ? receiver : Temporary(receiver, before)),
        ElementAccessExpressionSyntax element when !IsValueType(element.Expression) || IsStable(element.Expression) =>
            element.WithExpression(IsStable(element.Expression) ? element.Expression : Temporary(element.Expression, before))
                .WithArgumentList(element.ArgumentList.WithArguments(SeparatedList(element.ArgumentList.Arguments.Select(a =>
                    IsStable(a.Expression) ? a : a.WithExpression(Temporary(a.Expression, before)))))),
        _ => throw new NotSpillable(),
    };

    /// <summary>Spills the calls out of <paramref name="expression"/> into <paramref name="before"/>; what is left to evaluate after them.</summary>
    private ExpressionSyntax Spill(ExpressionSyntax expression, List<StatementSyntax> before)
    {
        if (!HasCall(expression))
        {
            return expression;
        }
        if (IsCallItself(expression))
        {
            return Temporary(expression, before, spillArguments: true);
        }
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return parenthesized.WithExpression(Spill(parenthesized.Expression, before));
            case BinaryExpressionSyntax logical when logical.IsKind(SyntaxKind.LogicalAndExpression) || logical.IsKind(SyntaxKind.LogicalOrExpression):
                return ShortCircuit(logical, before);
            case BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression):
                if (HasCall(coalesce.Right))
                {
                    throw new NotSpillable();
                }
                return coalesce.WithLeft(Spill(coalesce.Left, before));
            case ConditionalExpressionSyntax conditional:
                return Conditional(conditional, before);
            case SwitchExpressionSyntax switchExpression:
                return Switch(switchExpression, before);
            case BinaryExpressionSyntax binary:
                return Ordered(binary, [binary.Left, binary.Right], before);
            case InvocationExpressionSyntax invocation:
                return Ordered(invocation, [.. Callee(invocation), .. invocation.ArgumentList.Arguments.Select(a => a.Expression)], before);
            case MemberAccessExpressionSyntax member:
                return member.WithExpression(Spill(member.Expression, before));
            case ConditionalAccessExpressionSyntax access when !HasCall(access.WhenNotNull):
                return access.WithExpression(Spill(access.Expression, before));
            case ElementAccessExpressionSyntax element:
                return Ordered(element, [element.Expression, .. element.ArgumentList.Arguments.Select(a => a.Expression)], before);
            case BaseObjectCreationExpressionSyntax creation when creation.Initializer is null || !HasCall(creation.Initializer):
                return Ordered(creation, [.. creation.ArgumentList?.Arguments.Select(a => a.Expression) ?? []], before);
            case ArrayCreationExpressionSyntax { Initializer: { } initializer } array:
                return Ordered(array, [.. initializer.Expressions], before);
            case ImplicitArrayCreationExpressionSyntax array:
                return Ordered(array, [.. array.Initializer.Expressions], before);
            case CollectionExpressionSyntax collection:
                return Ordered(collection, [.. collection.Elements.Select(e => e switch
                {
                    ExpressionElementSyntax element => element.Expression,
                    SpreadElementSyntax spread => spread.Expression,
                    _ => throw new NotSpillable(),
                })], before);
            case TupleExpressionSyntax tuple:
                return Ordered(tuple, [.. tuple.Arguments.Select(a => a.Expression)], before);
            case InterpolatedStringExpressionSyntax interpolated:
                return WithoutFormatsOfFormatted(Ordered(interpolated, [.. interpolated.Contents.OfType<InterpolationSyntax>().Select(i => i.Expression)], before));
            case CastExpressionSyntax cast:
                return cast.WithExpression(Spill(cast.Expression, before));
            case PrefixUnaryExpressionSyntax unary when !unary.IsKind(SyntaxKind.PreIncrementExpression) && !unary.IsKind(SyntaxKind.PreDecrementExpression):
                return unary.WithOperand(Spill(unary.Operand, before));
            case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                return suppressed.WithOperand(Spill(suppressed.Operand, before));
            case IsPatternExpressionSyntax pattern when !HasCall(pattern.Pattern):
                return pattern.WithExpression(Spill(pattern.Expression, before));
            case AwaitExpressionSyntax await:
                return await.WithExpression(Spill(await.Expression, before));
            case CheckedExpressionSyntax checkedExpression:
                return checkedExpression.WithExpression(Spill(checkedExpression.Expression, before));
            default:
                throw new NotSpillable();
        }
    }

    /// <summary>
    /// What a call evaluates before its arguments: a method's receiver (<c>list</c> in <c>list.Add(…)</c>),
    /// or the delegate itself when the call invokes one (<c>_step(…)</c>).
    /// </summary>
    private IEnumerable<ExpressionSyntax> Callee(InvocationExpressionSyntax invocation) =>
        _model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { MethodKind: MethodKind.DelegateInvoke } && invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.Text: "Invoke" }
            ? [invocation.Expression]
            : invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver } ? [receiver] : [];

    /// <summary>
    /// Operands evaluated left to right: those before the last one that calls, if their value could
    /// change, are kept in temporaries first; those that call are spilled.
    /// </summary>
    private ExpressionSyntax Ordered(ExpressionSyntax whole, IReadOnlyList<ExpressionSyntax> operands, List<StatementSyntax> before)
    {
        var last = -1;
        for (var i = 0; i < operands.Count; i++)
        {
            if (HasCall(operands[i]))
            {
                last = i;
            }
        }
        var replaced = new Dictionary<SyntaxNode, SyntaxNode>();
        // What a string is made of is formatted as each part is evaluated: a part before the call is
        // formatted before it, and the call may change what it would format to (a StringBuilder, say).
        var formats = whole is InterpolatedStringExpressionSyntax || (whole is BinaryExpressionSyntax && _model.GetTypeInfo(whole).Type?.SpecialType == SpecialType.System_String);
        for (var i = 0; i <= last; i++)
        {
            var operand = operands[i];
            if (operand.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None })
            {
                // A ref, out or in argument is a place, not a value: it can be neither spilled nor copied.
                if (HasCall(operand) || (i < last && !IsStable(operand)))
                {
                    throw new NotSpillable();
                }
                continue;
            }
            if (HasCall(operand))
            {
                replaced[operand] = Spill(operand, before);
            }
            else if (i < last && formats && !FormatsTheSameLater(operand))
            {
                replaced[operand] = Formatted(operand, before);
            }
            else if (i < last && !IsStable(operand))
            {
                if (IsValueType(operand) && operand.Parent is MemberAccessExpressionSyntax)
                {
                    throw new NotSpillable(); // a copy of a struct would be called on instead of the struct
                }
                replaced[operand] = Temporary(operand, before);
            }
        }
        return whole.ReplaceNodes(replaced.Keys, (original, _) => replaced[original]);
    }

    /// <summary>A hole that holds a part formatted ahead (<see cref="Formatted"/>) loses its alignment and format: they were applied there.</summary>
    private ExpressionSyntax WithoutFormatsOfFormatted(ExpressionSyntax interpolated) =>
        interpolated is InterpolatedStringExpressionSyntax text
            ? text.WithContents(List(text.Contents.Select(c => c is InterpolationSyntax hole && hole.Expression is IdentifierNameSyntax name && _formatted.Contains(name.Identifier.Text)
                ? hole.WithAlignmentClause(null).WithFormatClause(null)
                : c)))
            : interpolated;

    /// <summary>Whether a part of a string formats to the same text whenever it is formatted: a string, a number, an enum.</summary>
    private bool FormatsTheSameLater(ExpressionSyntax part) =>
        _model.GetTypeInfo(part).Type is { } type && (type.SpecialType is SpecialType.System_String or >= SpecialType.System_Boolean and <= SpecialType.System_Double || type.TypeKind == TypeKind.Enum)
        && IsStable(part);

    /// <summary><c>var t = $"{part}";</c>: the part as the string would have it, made now; <c>t</c>.</summary>
    private IdentifierNameSyntax Formatted(ExpressionSyntax part, List<StatementSyntax> before)
    {
        var name = NewName("t");
        InterpolationSyntax hole = part.Parent is InterpolationSyntax original ? original.WithExpression(part) : Interpolation(part);
        _formatted.Add(name);
        before.Add(Declare(PredefinedType(Token(SyntaxKind.StringKeyword)), name,
            InterpolatedStringExpression(Token(SyntaxKind.InterpolatedStringStartToken), SingletonList<InterpolatedStringContentSyntax>(hole))));
        return IdentifierName(name);
    }

    /// <summary><c>a &amp;&amp; F()</c> → <c>bool t = a; if (t) { t = F(); }</c>, and <c>||</c> with <c>if (!t)</c>.</summary>
    private ExpressionSyntax ShortCircuit(BinaryExpressionSyntax logical, List<StatementSyntax> before)
    {
        var left = Spill(logical.Left, before);
        if (!HasCall(logical.Right))
        {
            return logical.WithLeft(left);
        }
        if (!IsBoolean(logical.Left) || !IsBoolean(logical.Right))
        {
            throw new NotSpillable(); // user-defined true and false operators
        }
        var result = NewName("t");
        before.Add(Declare(PredefinedType(Token(SyntaxKind.BoolKeyword)), result, left));
        var right = new List<StatementSyntax>();
        right.Add(Assign(IdentifierName(result), Spill(logical.Right, right)));
        var taken = logical.IsKind(SyntaxKind.LogicalAndExpression) ? (ExpressionSyntax)IdentifierName(result) : Not(IdentifierName(result));
        before.Add(IfStatement(taken, SyntaxFactory.Block(right)));
        return IdentifierName(result);
    }

    /// <summary><c>c ? F() : b</c> → <c>T t = default!; if (c) { t = F(); } else { t = b; }</c>.</summary>
    private ExpressionSyntax Conditional(ConditionalExpressionSyntax conditional, List<StatementSyntax> before)
    {
        var condition = Spill(conditional.Condition, before);
        if (!HasCall(conditional.WhenTrue) && !HasCall(conditional.WhenFalse))
        {
            return conditional.WithCondition(condition);
        }
        var result = Result(conditional, before);
        before.Add(IfStatement(condition, Branch(result, conditional.WhenTrue), ElseClause(Branch(result, conditional.WhenFalse))));
        return IdentifierName(result);
    }

    /// <summary>
    /// <c>g switch { p when w =&gt; F(), … }</c> → <c>switch (g') { case p when w: t = F(); break; … }</c>,
    /// failing as the expression does when no arm matches.
    /// </summary>
    private IdentifierNameSyntax Switch(SwitchExpressionSyntax switchExpression, List<StatementSyntax> before)
    {
        if (switchExpression.Arms.Any(a => a.WhenClause is { } when && HasCall(when)) || HasCall(switchExpression.GoverningExpression) && !IsNameable(switchExpression.GoverningExpression))
        {
            throw new NotSpillable();
        }
        var governing = Temporary(Spill(switchExpression.GoverningExpression, before), before, _model.GetTypeInfo(switchExpression.GoverningExpression).Type);
        var result = Result(switchExpression, before);
        var sections = switchExpression.Arms.Select(arm =>
        {
            // A discard arm is the default; guarded, 'case _ when' would read '_' as a name, so it is 'case var _ when'.
            SwitchLabelSyntax label = arm.Pattern is DiscardPatternSyntax && arm.WhenClause is null
                ? DefaultSwitchLabel()
                : CasePatternSwitchLabel(arm.Pattern is DiscardPatternSyntax ? VarPattern(DiscardDesignation()) : arm.Pattern, arm.WhenClause, Token(SyntaxKind.ColonToken));
            var body = new List<StatementSyntax>();
            if (arm.Expression is ThrowExpressionSyntax thrown)
            {
                body.Add(ThrowStatement(thrown.Expression));
            }
            else
            {
                body.Add(Assign(IdentifierName(result), Spill(arm.Expression, body)));
                body.Add(BreakStatement());
            }
            return SwitchSection(SingletonList(label), SingletonList<StatementSyntax>(SyntaxFactory.Block(body)));
        }).ToList();
        if (!sections.Any(s => s.Labels.Any(l => l is DefaultSwitchLabelSyntax)))
        {
            sections.Add(SwitchSection(SingletonList<SwitchLabelSyntax>(DefaultSwitchLabel()), SingletonList<StatementSyntax>(ThrowStatement(
                ObjectCreationExpression(ParseTypeName("global::System.Runtime.CompilerServices.SwitchExpressionException"))
                    .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(governing))))))));
        }
        before.Add(SwitchStatement(governing, List(sections)));
        return IdentifierName(result);
    }

    /// <summary>A branch that sets <paramref name="result"/> to <paramref name="value"/>, its calls spilled inside it.</summary>
    private BlockSyntax Branch(string result, ExpressionSyntax value)
    {
        var statements = new List<StatementSyntax>();
        statements.Add(Assign(IdentifierName(result), Spill(value, statements)));
        return SyntaxFactory.Block(statements);
    }

    /// <summary>Declares the temporary that an expression choosing between operands leaves its value in.</summary>
    private string Result(ExpressionSyntax expression, List<StatementSyntax> before)
    {
        var info = _model.GetTypeInfo(expression);
        var type = info.ConvertedType is { TypeKind: not TypeKind.Error } converted ? converted : info.Type;
        if (type is null || !Nameable(type))
        {
            throw new NotSpillable();
        }
        var result = NewName("t");
        before.Add(Declare(TypeOf(type), result, DefaultValue));
        return result;
    }

    /// <summary><c>var t = e;</c>, its calls spilled first if asked; <c>t</c>.</summary>
    private IdentifierNameSyntax Temporary(ExpressionSyntax expression, List<StatementSyntax> before, bool spillArguments = false)
    {
        var info = _model.GetTypeInfo(expression);
        var value = spillArguments ? CallWithSpilledArguments(expression, before) : expression;
        if (info.Type is { } natural)
        {
            var name = NewName("t");
            if (spillArguments)
            {
                _callTemporaries.Add(name);
            }
            if (Nameable(natural))
            {
                _temporaryTypes[name] = TypeOf(natural);
            }
            before.Add(Declare(IdentifierName("var"), name, value));
            return IdentifierName(name);
        }
        return Temporary(value, before, info.ConvertedType ?? throw new NotSpillable());
    }

    private IdentifierNameSyntax Temporary(ExpressionSyntax value, List<StatementSyntax> before, ITypeSymbol? type)
    {
        var name = NewName("t");
        TypeSyntax declared = type is null ? IdentifierName("var") : Nameable(type) ? TypeOf(type) : throw new NotSpillable();
        before.Add(Declare(declared, name, value));
        return IdentifierName(name);
    }

    /// <summary>A call on the graph whose own arguments call too: those are spilled first, in order.</summary>
    private ExpressionSyntax CallWithSpilledArguments(ExpressionSyntax expression, List<StatementSyntax> before)
    {
        var invocation = Invocation(expression)!;
        if (!invocation.ArgumentList.Arguments.Any(a => HasCall(a.Expression)))
        {
            return expression;
        }
        var spilled = (InvocationExpressionSyntax)Ordered(invocation, [.. invocation.ArgumentList.Arguments.Where(a => a.RefKindKeyword.IsKind(SyntaxKind.None)).Select(a => a.Expression)], before);
        return expression.ReplaceNode(invocation, spilled);
    }

    // ----- What is what -----

    private string NewName(string what) => $"__mf_{what}s{++_temporaries}";

    private static PrefixUnaryExpressionSyntax Not(ExpressionSyntax expression) => PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, Parenthesized(expression));

    private static SyntaxKind CompoundOperator(SyntaxKind assignment) => assignment switch
    {
        SyntaxKind.AddAssignmentExpression => SyntaxKind.AddExpression,
        SyntaxKind.SubtractAssignmentExpression => SyntaxKind.SubtractExpression,
        SyntaxKind.MultiplyAssignmentExpression => SyntaxKind.MultiplyExpression,
        SyntaxKind.DivideAssignmentExpression => SyntaxKind.DivideExpression,
        SyntaxKind.ModuloAssignmentExpression => SyntaxKind.ModuloExpression,
        SyntaxKind.AndAssignmentExpression => SyntaxKind.BitwiseAndExpression,
        SyntaxKind.OrAssignmentExpression => SyntaxKind.BitwiseOrExpression,
        SyntaxKind.ExclusiveOrAssignmentExpression => SyntaxKind.ExclusiveOrExpression,
        SyntaxKind.LeftShiftAssignmentExpression => SyntaxKind.LeftShiftExpression,
        SyntaxKind.RightShiftAssignmentExpression => SyntaxKind.RightShiftExpression,
        _ => throw new NotSpillable(), // ??= evaluates its value only if the target is null
    };

    /// <summary>Whether <paramref name="node"/> holds a call on the graph made by this method itself, not by a lambda or local function in it.</summary>
    private bool HasCall(SyntaxNode node) =>
        node.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<InvocationExpressionSyntax>()
            .Any(IsGraphCall);

    private bool IsGraphCall(InvocationExpressionSyntax invocation) =>
        _model.GetSymbolInfo(invocation).Symbol is IMethodSymbol callee && _onGraph.Contains(callee.OriginalDefinition);

    /// <summary>The call itself, awaited or not (<c>F(…)</c>, <c>await F(…)</c>, <c>await F(…).ConfigureAwait(false)</c>).</summary>
    private bool IsCallItself(ExpressionSyntax expression) => Invocation(expression) is { } invocation && IsGraphCall(invocation);

    private static InvocationExpressionSyntax? Invocation(ExpressionSyntax expression)
    {
        var inner = expression is AwaitExpressionSyntax awaited ? awaited.Expression : expression;
        if (inner is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "ConfigureAwait", Expression: InvocationExpressionSyntax configured } }
            && expression is AwaitExpressionSyntax)
        {
            return configured;
        }
        return inner as InvocationExpressionSyntax;
    }

    /// <summary>A statement that already is a capture site's shape, as <see cref="SiteShape"/> describes it: left as it is.</summary>
    private bool IsSite(StatementSyntax statement)
    {
        var calls = statement.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<InvocationExpressionSyntax>().Where(IsGraphCall).ToList();
        if (calls.Count != 1)
        {
            return false;
        }
        return statement switch
        {
            LocalDeclarationStatementSyntax { Declaration.Variables: [{ Initializer.Value: var value }] } => IsCallItself(value),
            // x op= F(ref x): C# reads x before the call, which may change it.
            ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } when !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !IsStable(assignment.Left) => false,
            _ => SiteShape.TryDescribe(statement, calls[0], _model, null, out _, out _),
        };
    }

    /// <summary>An operand whose value no call can change before it is used: a constant, a local or parameter, <c>this</c>, a type, a lambda.</summary>
    private bool IsStable(ExpressionSyntax expression)
    {
        if (expression is LiteralExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax or AnonymousFunctionExpressionSyntax
            or TypeOfExpressionSyntax or DefaultExpressionSyntax or PredefinedTypeSyntax || _model.GetConstantValue(expression).HasValue)
        {
            return true;
        }
        return _model.GetSymbolInfo(expression).Symbol switch
        {
            ILocalSymbol { RefKind: RefKind.None } local => !_shared.Contains(local),
            IParameterSymbol { RefKind: RefKind.None } parameter => !_shared.Contains(parameter),
            INamedTypeSymbol or INamespaceSymbol => true,
            _ => false,
        };
    }

    /// <summary>
    /// The locals and parameters of a method that a call could change behind an expression's back:
    /// those it passes by <c>ref</c>, <c>out</c> or <c>in</c>, or takes the address of, and those a lambda
    /// or local function uses.
    /// </summary>
    private IEnumerable<ISymbol> SharedLocals(BlockSyntax body)
    {
        foreach (var node in body.DescendantNodes())
        {
            var shared = node switch
            {
                ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument => argument.Expression,
                PrefixUnaryExpressionSyntax address when address.IsKind(SyntaxKind.AddressOfExpression) => address.Operand,
                IdentifierNameSyntax name when name.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax && body.Contains(a)) => name,
                _ => null,
            };
            if (shared is not null && _model.GetSymbolInfo(shared).Symbol is ILocalSymbol or IParameterSymbol)
            {
                yield return _model.GetSymbolInfo(shared).Symbol!;
            }
        }
    }

    private bool IsValueType(ExpressionSyntax expression) => _model.GetTypeInfo(expression).Type is { IsValueType: true };

    private bool IsBoolean(ExpressionSyntax expression) => _model.GetTypeInfo(expression).Type is { SpecialType: SpecialType.System_Boolean };

    private bool IsNameable(ExpressionSyntax expression) => _model.GetTypeInfo(expression).Type is { } type && Nameable(type);

    /// <summary>Whether generated code can write the type: not an anonymous type, nor one made of them.</summary>
    private static bool Nameable(ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } or { TypeKind: TypeKind.Error } => false,
        INamedTypeSymbol named => named.TypeArguments.All(Nameable),
        IArrayTypeSymbol array => Nameable(array.ElementType),
        _ => true,
    };
}
