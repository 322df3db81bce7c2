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
        var condition = statement switch
        {
            IfStatementSyntax ifStatement => ifStatement.Condition,
            WhileStatementSyntax loop => loop.Condition,
            ForStatementSyntax loop => loop.Condition,
            _ => null,
        };
        return condition is null ? LowerStatement(statement, sites) : WithConditionVariables(statement, condition, sites);
    }

    /// <summary>
    /// A statement whose condition declares variables for it alone (<c>while (q.TryDequeue(out var x))</c>,
    /// <c>if (n is Leaf leaf)</c> in an <c>else</c>): they are declared in a block around it, so that its
    /// dispatch restores them where the statement resumes, its condition not tested again.
    /// </summary>
    private LoweredStatements WithConditionVariables(StatementSyntax statement, ExpressionSyntax condition, List<int> sites)
    {
        var declared = condition.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax).OfType<SingleVariableDesignationSyntax>()
            .Select(d => (Designation: d, Local: method.Model.GetDeclaredSymbol(d) as ILocalSymbol))
            .Where(d => d.Local is not null && !method.Model.LookupSymbols(statement.Span.End, name: d.Local.Name).Contains(d.Local, SymbolEqualityComparer.Default))
            .ToList();
        if (declared.Count == 0)
        {
            return LowerStatement(statement, sites);
        }
        var block = new BlockLowering(method, hidden);
        foreach (var (designation, local) in declared)
        {
            if (method.HoistExpressionVariable(designation, local!) is { } hoisted)
            {
                block.Hoist(hoisted);
            }
            else
            {
                method.Report(DiagnosticCodes.VariableNotRestorable, designation,
                    $"'{local!.Name}' is declared by a pattern under 'not' in a condition that holds a capture site; declare it in a statement of its own and assign it from the pattern");
            }
        }
        block.AddLowered(LowerStatement(statement, sites));
        return LoweredStatements.Resuming(block.ToBlock(), sites, method.NewLabel());
    }

    private LoweredStatements LowerStatement(StatementSyntax statement, List<int> sites)
    {
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
                return LoweredStatements.Resuming(WhileStatement(LoopCondition(loop.Condition)!, Embedded(loop.Statement)), sites, method.NewLabel());
            case DoStatementSyntax loop:
                return LoweredStatements.Resuming(DoStatement(Embedded(loop.Statement), method.Fix(loop.Condition)), sites, method.NewLabel());
            case ForStatementSyntax loop:
                return For(loop, sites);
            case CommonForEachStatementSyntax loop:
                return ForEach(loop, sites);
            case SwitchStatementSyntax switchStatement:
                return Switch(switchStatement, sites);
            case TryStatementSyntax tryStatement:
                return LoweredStatements.Resuming(Try(tryStatement), sites, method.NewLabel());
            case UsingStatementSyntax usingStatement:
                return Using(usingStatement, sites);
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
    /// A loop's condition, which resuming does not test: <c>__mf_site != 0 || (cond)</c>. A condition
    /// that is the constant <c>true</c> stays as it is, so that C# still knows the loop ends only by a
    /// jump out of it (a method whose only returns are in <c>while (true)</c> must not seem to fall off its end).
    /// </summary>
    private ExpressionSyntax? LoopCondition(ExpressionSyntax? condition) =>
        condition is null || method.Model.GetConstantValue(condition) is { HasValue: true, Value: true }
            ? condition is null ? null : method.Fix(condition)
            : BinaryExpression(SyntaxKind.LogicalOrExpression, Resuming, Parenthesized(method.Fix(condition)));

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
        var lowered = ForStatement(Embedded(loop.Statement))
            .WithCondition(LoopCondition(loop.Condition))
            .WithIncrementors(SeparatedList(loop.Incrementors.Select(method.Fix)));
        block.AddLowered(LoweredStatements.Resuming(lowered, sites, method.NewLabel()));
        return LoweredStatements.Resuming(block.ToBlock(), sites, method.NewLabel());
    }

    /// <summary>
    /// A <c>foreach</c> keeps its place in variables the lowering declares, which every site below
    /// captures, in one of three ways:
    /// <list type="bullet">
    /// <item>over an array: a loop by index over the same array;</item>
    /// <item>over another collection — a list, dictionary, set, queue, stack, string, or a list or
    /// collection interface: the collection and how many elements were taken; resuming enumerates the
    /// restored collection again up to that element, since an enumerator of such a collection holds a
    /// place in its private layout, which a snapshot does not carry (for a dictionary or set, its place
    /// among the live entries, so that entries removed during the loop do not count);</item>
    /// <item>over any other sequence — an iterator, a query, or a collection known only by an interface,
    /// which may be anything: the enumerator itself, which is carried as an object (an iterator's state,
    /// a list's enumerator) and goes on where it was.</item>
    /// </list>
    /// The iteration variables, one or those a deconstruction declares, are set from each element.
    /// </summary>
    private LoweredStatements ForEach(CommonForEachStatementSyntax loop, List<int> sites)
    {
        var collectionType = method.TypeOfExpression(loop.Expression);
        var info = method.Model.GetForEachStatementInfo(loop);
        if (loop.AwaitKeyword != default || collectionType is null || info.GetEnumeratorMethod is null)
        {
            method.Report(DiagnosticCodes.CollectionNotSupported, loop.Expression,
                $"'{(loop.AwaitKeyword != default ? "await foreach" : "foreach")}' over a '{collectionType?.ToDisplayString() ?? "?"}' holds capture site{(sites.Count == 1 ? "" : "s")} {string.Join(", ", sites)}, and cannot resume at an element; enumerate it into a list before the loop");
            return LoweredStatements.Of(loop);
        }
        var (variables, assign) = IterationVariables(loop);
        var outer = new BlockLowering(method, hidden);
        StatementSyntax lowered;
        if (Indexable(collectionType) is { } count)
        {
            var collection = Hidden(outer, "collection", TypeOf(collectionType), method.Fix(loop.Expression));
            var index = Hidden(outer, "index", PredefinedType(Token(SyntaxKind.IntKeyword)), Number(0));
            var current = ElementAccessExpression(Name(collection.Name), BracketedArgumentList(SingletonSeparatedList(Argument(Name(index.Name)))));
            var body = Embedded(StatementsOf(loop.Statement), [.. hidden, collection, index], variables, [assign(current)]);
            lowered = ForStatement(body)
                .WithCondition(BinaryExpression(SyntaxKind.LogicalOrExpression, Resuming,
                    BinaryExpression(SyntaxKind.LessThanExpression, Name(index.Name), Member(Name(collection.Name), count))))
                .WithIncrementors(SingletonSeparatedList<ExpressionSyntax>(PostfixUnaryExpression(SyntaxKind.PostIncrementExpression, Name(index.Name))));
        }
        else if (Restartable(collectionType))
        {
            var collection = Hidden(outer, "collection", TypeOf(collectionType), method.Fix(loop.Expression));
            var enumerator = method.NewHidden("enumerator");
            // Captured as the enumerator's place: for a dictionary, entries removed during the loop do not count.
            var taken = Hidden(outer, "taken", PredefinedType(Token(SyntaxKind.IntKeyword)), Number(0));
            var takenAsCaptured = taken with
            {
                Captured = InvocationExpression(ParseExpression("global::Midflight.CaptureContext.Taken"), ArgumentList(SeparatedList(
                    [Argument(Name(taken.Name)), Argument(CastExpression(PredefinedType(Token(SyntaxKind.ObjectKeyword)), PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, Name(enumerator))))]))),
            };
            var skipped = method.NewHidden("skipped");
            var current = Member(Name(enumerator), "Current");
            var body = Embedded(StatementsOf(loop.Statement), [.. hidden, collection, takenAsCaptured], variables,
                [ExpressionStatement(PostfixUnaryExpression(SyntaxKind.PostIncrementExpression, Name(taken.Name))), assign(current)]);
            // Not captured: made again where the loop resumes, and moved on to the element it stood at.
            var skip = IfStatement(Resuming, ForStatement(
                VariableDeclaration(PredefinedType(Token(SyntaxKind.IntKeyword)), SingletonSeparatedList(VariableDeclarator(skipped).WithInitializer(EqualsValueClause(Number(0))))),
                default,
                BinaryExpression(SyntaxKind.LessThanExpression, Name(skipped), Name(taken.Name)),
                SingletonSeparatedList<ExpressionSyntax>(PostfixUnaryExpression(SyntaxKind.PostIncrementExpression, Name(skipped))),
                ExpressionStatement(Call(Name(enumerator), "MoveNext"))));
            var iterate = WhileStatement(BinaryExpression(SyntaxKind.LogicalOrExpression, Resuming, Call(Name(enumerator), "MoveNext")), body);
            var statements = new List<StatementSyntax> { Declare(IdentifierName("var"), enumerator, Call(Name(collection.Name), "GetEnumerator")) };
            statements.Add(IsDisposable(info.GetEnumeratorMethod.ReturnType)
                ? TryStatement(Block(skip, iterate), default, FinallyClause(Block(ExpressionStatement(Call(Name(enumerator), "Dispose")))))
                : Block(skip, iterate));
            lowered = Block(statements);
        }
        else
        {
            var enumerator = Hidden(outer, "enumerator", TypeOf(info.GetEnumeratorMethod.ReturnType), Call(Parenthesized(method.Fix(loop.Expression)), "GetEnumerator"));
            var body = Embedded(StatementsOf(loop.Statement), [.. hidden, enumerator], variables, [assign(Member(Name(enumerator.Name), "Current"))]);
            StatementSyntax iterate = WhileStatement(BinaryExpression(SyntaxKind.LogicalOrExpression, Resuming, Call(Name(enumerator.Name), "MoveNext")), body);
            // Carried, not disposed, while the stack unwinds for a capture: the new instance goes on with it.
            lowered = IsDisposable(info.GetEnumeratorMethod.ReturnType)
                ? TryStatement(Block(iterate), default, FinallyClause(Block(IfStatement(
                    PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, Member(Name(Context), nameof(CaptureContext.IsCapturing))),
                    ExpressionStatement(Call(Name(enumerator.Name), "Dispose"))))))
                : iterate;
        }
        outer.AddLowered(LoweredStatements.Resuming(lowered, sites, method.NewLabel()));
        return LoweredStatements.Resuming(outer.ToBlock(), sites, method.NewLabel());
    }

    /// <summary>A variable the lowering declares in <paramref name="block"/>, captured at every site below, set to <paramref name="initial"/> unless resuming.</summary>
    private HoistedVariable Hidden(BlockLowering block, string what, TypeSyntax type, ExpressionSyntax initial)
    {
        var variable = new HoistedVariable(method.NewHidden(what), type, null);
        block.Hoist(variable);
        block.AddGenerated(Assign(Name(variable.Name), initial));
        return variable;
    }

    /// <summary>
    /// The variables a <c>foreach</c> declares — one, or those of a deconstruction — declared at the top
    /// of its body, and how to set them from an element.
    /// </summary>
    private (IReadOnlyList<HoistedVariable> Variables, Func<ExpressionSyntax, StatementSyntax> Assign) IterationVariables(CommonForEachStatementSyntax loop)
    {
        if (loop is ForEachStatementSyntax single)
        {
            var element = (ILocalSymbol)method.Model.GetDeclaredSymbol(single)!;
            var type = MethodLowering.TypeOfLocal(element);
            return ([new HoistedVariable(element.Name, type, element)], current => Assign(Name(element.Name), CastExpression(type, Parenthesized(current))));
        }
        var variable = ((ForEachVariableStatementSyntax)loop).Variable;
        var variables = new List<HoistedVariable>();
        foreach (var designation in variable.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
        {
            if (method.Model.GetDeclaredSymbol(designation) is ILocalSymbol local)
            {
                variables.Add(new HoistedVariable(local.Name, MethodLowering.TypeOfLocal(local), local));
            }
        }
        foreach (var declaration in variable.DescendantNodesAndSelf().OfType<DeclarationExpressionSyntax>().Where(d => d.Parent is not DeclarationExpressionSyntax))
        {
            method.HoistOutVariable(declaration);
        }
        // (a, b) = element: the declarations have become the names of the hoisted variables.
        var target = (ExpressionSyntax)method.Fix(variable);
        return (variables, current => Assign(target, current));
    }

    /// <summary>
    /// The length of an array, looped over by index; null for anything else. (A list is enumerated, so
    /// that a change to it during the loop still throws as C# makes it throw.)
    /// </summary>
    private static string? Indexable(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol { Rank: 1 } => "Length",
        _ => null,
    };

    /// <summary>
    /// Whether enumerating the collection again, once restored, gives the same elements in the same
    /// order without running anything of the module: .NET's own collections, strings and arrays, known
    /// as such where the loop stands. Not an interface, which anything may implement, nor a bare
    /// <c>IEnumerable&lt;T&gt;</c>, which may be an iterator or a query whose every enumeration runs its code again.
    /// </summary>
    private static bool Restartable(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol => true,
        { SpecialType: SpecialType.System_String } => true,
        INamedTypeSymbol { TypeKind: TypeKind.Interface } => false, // whatever implements it may run code to enumerate: its enumerator is carried
        INamedTypeSymbol named => InNamespace(named, "System.Collections.Generic") || InNamespace(named, "System.Collections.Immutable")
            || InNamespace(named, "System.Collections.ObjectModel"),
        _ => false,
    };

    private static bool InNamespace(INamedTypeSymbol type, string name) => type.ContainingNamespace?.ToDisplayString() == name;

    private static bool IsDisposable(ITypeSymbol enumerator) =>
        enumerator.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable) || enumerator.SpecialType == SpecialType.System_IDisposable
        || enumerator is INamedTypeSymbol { TypeKind: TypeKind.Interface } && enumerator.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable);

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
    /// A <c>using</c>'s resource is held in a variable that every site below captures, like any other
    /// state: while the stack unwinds for a capture it is not disposed, and where the new instance
    /// resumes it is the restored resource that the block goes on with and disposes at its end. A
    /// resource a snapshot cannot carry (a file, a socket) refuses the move, which the module survives.
    /// </summary>
    private LoweredStatements Using(UsingStatementSyntax statement, List<int> sites)
    {
        var outer = new BlockLowering(method, hidden);
        var resources = new List<HoistedVariable>();
        foreach (var declarator in statement.Declaration?.Variables ?? [])
        {
            var local = (ILocalSymbol)method.Model.GetDeclaredSymbol(declarator)!;
            resources.Add(Resource(outer, method, local, declarator.Initializer!.Value));
        }
        if (statement.Expression is { } expression)
        {
            var type = method.TypeOfExpression(expression);
            if (type is null)
            {
                method.Report(DiagnosticCodes.StatementNotSupported, expression, $"the resource of a 'using' holding capture site{(sites.Count == 1 ? "" : "s")} {string.Join(", ", sites)} has no type to keep it in; declare it: 'using (var r = …)'");
                return LoweredStatements.Of(statement);
            }
            resources.Add(Hidden(outer, "resource", TypeOf(type), method.Fix(expression)));
        }
        var body = Embedded(StatementsOf(statement.Statement), [.. hidden, .. resources], [], []);
        var guarded = TryStatement(body, default, Release(resources, statement.AwaitKeyword != default));
        outer.AddLowered(LoweredStatements.Resuming(guarded, sites, method.NewLabel()));
        return LoweredStatements.Resuming(outer.ToBlock(), sites, method.NewLabel());
    }

    /// <summary>A resource variable of the module's code, declared in <paramref name="block"/> and captured at every site below, whether or not the code reads it again.</summary>
    internal static HoistedVariable Resource(BlockLowering block, MethodLowering method, ILocalSymbol local, ExpressionSyntax initial)
    {
        method.Exclude(local); // captured as the resource below, not again as a live variable
        var resource = new HoistedVariable(local.Name, MethodLowering.TypeOfLocal(local), null);
        block.Hoist(resource);
        block.AddGenerated(Assign(Name(resource.Name), method.Fix(initial)));
        return resource;
    }

    /// <summary><c>finally { if (!__mf.IsCapturing) { … dispose each resource, the last first … } }</c></summary>
    internal static FinallyClauseSyntax Release(IReadOnlyList<HoistedVariable> resources, bool asynchronously)
    {
        var disposals = resources.Reverse().Select(resource =>
        {
            ExpressionSyntax dispose = asynchronously
                ? AwaitExpression(Call(Parenthesized(CastExpression(ParseTypeName("global::System.IAsyncDisposable"), Name(resource.Name))), "DisposeAsync"))
                : Call(Parenthesized(CastExpression(ParseTypeName("global::System.IDisposable"), Name(resource.Name))), "Dispose");
            return (StatementSyntax)IfStatement(BinaryExpression(SyntaxKind.NotEqualsExpression, Name(resource.Name), LiteralExpression(SyntaxKind.NullLiteralExpression)), ExpressionStatement(dispose));
        });
        return FinallyClause(Block(IfStatement(PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, Member(Name(Context), nameof(CaptureContext.IsCapturing))), Block(disposals))));
    }
}
