using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Midflight.Model.Diagnostics;
using Midflight.Transform.Analysis;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Midflight.Transform.Preparation.Generated;

namespace Midflight.Transform.Preparation;

/// <summary>
/// Prepares one method on the reconfiguration graph (section 3 of the paper, for C#): a capture block
/// after each call on the graph and before each point, and a restore block at entry that sets the
/// parameters and jumps to where the frame resumes. C# forbids a jump into a nested block or a
/// <c>try</c>, so, as the compiler does for async methods, each block on the way to a site gets a
/// dispatch of its own, and each statement on the way is lowered so that resuming passes through it
/// without evaluating its condition again: an <c>if</c> takes the branch holding the site, a loop
/// enters its body, a <c>for</c> or <c>foreach</c> keeps its position in variables that are captured,
/// a <c>switch</c> keeps the value it switched on.
/// </summary>
internal sealed class MethodLowering
{
    private readonly ModuleRewriter _module;
    private readonly IMethodSymbol _method;
    private readonly SemanticModel _model;
    private readonly IReadOnlyList<CaptureSite> _sites;
    private readonly HashSet<ISymbol> _notCaptured;
    private readonly string _id;
    private readonly Lazy<HashSet<ISymbol>?> _capturedByClosures;

    public MethodLowering(ModuleRewriter module, IMethodSymbol method, SemanticModel model, IReadOnlyList<CaptureSite> sites, HashSet<ISymbol> notCaptured)
    {
        _module = module;
        _method = method;
        _model = model;
        _sites = sites;
        _notCaptured = notCaptured;
        _id = ModuleRewriter.MethodId(method);
        _capturedByClosures = new(FindCapturedByClosures);
    }

    private bool IsEntry => SymbolEqualityComparer.Default.Equals(_method, _module.Graph.Entry);

    /// <summary>The prepared body of the method (which <see cref="BlockBodies"/> gave a block body).</summary>
    public BlockSyntax LowerBody(BlockSyntax body)
    {
        var block = new BlockLowering(this, []);
        foreach (var statement in body.Statements)
        {
            block.Add(statement);
        }

        var restore = new List<StatementSyntax>
        {
            Assign(Name(Frame), Call(Name(Context), nameof(CaptureContext.Resume), Text(_id))),
            Assign(Name(Site), Member(Name(Frame), nameof(FrameRestore.Site))),
        };
        var liveAnywhere = _sites.SelectMany(s => s.Live).ToHashSet(SymbolEqualityComparer.Default);
        foreach (var parameter in _method.Parameters.Where(liveAnywhere.Contains))
        {
            var load = parameter.RefKind == RefKind.Out ? nameof(FrameRestore.LoadOut) : nameof(FrameRestore.Load);
            restore.Add(ExpressionStatement(CallGeneric(Name(Frame), load, TypeOf(parameter.Type),
                Argument(Text(parameter.Name)),
                Argument(Name(parameter.Name)).WithRefKindKeyword(Token(parameter.RefKind == RefKind.Out ? SyntaxKind.OutKeyword : SyntaxKind.RefKeyword)))));
        }
        restore.Add(block.Dispatch(unknownSiteThrows: true));

        var prologue = new List<StatementSyntax>();
        if (IsEntry)
        {
            prologue.Add(Declare(ContextType, Context, Member(ThisExpression(), "CaptureContext")));
        }
        prologue.AddRange(block.HoistedDeclarations());
        prologue.Add(Declare(PredefinedType(Token(SyntaxKind.IntKeyword)), Site, Number(0)));
        prologue.Add(Declare(FrameType, Frame, PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, LiteralExpression(SyntaxKind.NullLiteralExpression))));
        prologue.Add(IfStatement(Member(Name(Context), nameof(CaptureContext.IsRestoring)), Block(restore)));
        return Block(prologue.Concat(block.Statements));
    }

    // ----- What is where -----

    internal IEnumerable<CaptureSite> SitesIn(SyntaxNode node) =>
        _sites.Where(s => node.SyntaxTree == s.Statement.SyntaxTree && node.Span.Contains(s.Statement.Span) && Within(s.Statement, node));

    // Span containment can hold by coincidence across rebuilt nodes; the site must really be below.
    private static bool Within(SyntaxNode statement, SyntaxNode node) => statement == node || statement.Ancestors().Contains(node);

    internal bool HoldsSite(SyntaxNode node) => SitesIn(node).Any();

    internal CaptureSite SiteNumbered(int site) => _sites.First(s => s.Number == site);

    internal SemanticModel Model => _model;

    internal string NewLabel() => _module.NewName("p");

    internal string NewHidden(string what) => _module.NewName(what);

    internal SyntaxNode Fix(SyntaxNode node) => _module.Visit(node);

    internal T Fix<T>(T node)
        where T : SyntaxNode => (T)_module.Visit(node);

    internal void Report(string code, SyntaxNode where, string message) => _module.Report(code, where, message);

    internal void Exclude(ISymbol symbol) => _notCaptured.Add(symbol);

    internal void HoistOutVariable(DeclarationExpressionSyntax declaration) => _module.HoistedOutVariables.Add(declaration);

    /// <summary>
    /// A variable that an expression declares — <c>out var x</c>, <c>var (a, b) = …</c>, <c>is T t</c> —
    /// declared at the top of a block instead, so that a dispatch can restore it; where it was declared
    /// it is named instead (a pattern's variable is matched into one of the lowering's and then
    /// assigned). Null for a designation that cannot be moved so: a pattern under <c>not</c> below the top.
    /// </summary>
    internal HoistedVariable? HoistExpressionVariable(SingleVariableDesignationSyntax designation, ILocalSymbol local)
    {
        if (designation.Ancestors().TakeWhile(a => a is VariableDesignationSyntax or DeclarationExpressionSyntax).OfType<DeclarationExpressionSyntax>().LastOrDefault() is { } declaration)
        {
            HoistOutVariable(declaration);
        }
        else if (designation.FirstAncestorOrSelf<IsPatternExpressionSyntax>() is { } test
            && !designation.Ancestors().TakeWhile(a => a != test).Any(a => a is UnaryPatternSyntax && a != test.Pattern))
        {
            _module.HoistedPatternVariables.Add(designation);
        }
        else
        {
            return null;
        }
        return new HoistedVariable(local.Name, TypeOfLocal(local), local);
    }

    internal bool IsLiveAtAnySite(ISymbol variable) => _sites.Any(s => s.Live.Contains(variable, SymbolEqualityComparer.Default));

    // ----- Sites -----

    /// <summary>Lowers a statement that holds sites; its statements come back with the labels the enclosing block's dispatch jumps to.</summary>
    internal LoweredStatements LowerOnPath(StatementSyntax statement, IReadOnlyList<HoistedVariable> hidden)
    {
        if (statement is LabeledStatementSyntax labeled && PointAt(labeled) is { } point)
        {
            return LowerPoint(point, labeled, hidden, null);
        }
        var call = _sites.FirstOrDefault(s => s.Edge is CallEdge && s.Statement == statement);
        if (call is not null)
        {
            return LowerCall(call, statement, hidden);
        }
        return new StatementLowering(this, hidden).Lower(statement);
    }

    internal CaptureSite? PointAt(LabeledStatementSyntax labeled) => _sites.FirstOrDefault(s => s.Edge is PointEdge && s.Statement == labeled);

    // declared: for a point on a declaration, the assignments it became once its variables were hoisted.
    internal LoweredStatements LowerPoint(CaptureSite site, LabeledStatementSyntax labeled, IReadOnlyList<HoistedVariable> hidden, IReadOnlyList<StatementSyntax>? declared)
    {
        var label = $"__mf_{site.Number}";
        var holdsSite = HoldsSite(labeled.Statement);
        // Only a statement that may wait, and holds no other site, is made interruptible.
        var interruptible = !holdsSite && MayBlock(labeled.Statement);
        var result = new LoweredStatements();
        result.Add(Label(label, ClearSite), site.Number, label);
        result.Add(IfStatement(interruptible
                ? Call(Name(Context), nameof(CaptureContext.AtPoint), Number(site.Number))
                : Member(Name(Context), nameof(CaptureContext.IsRequested)),
            CaptureBlock(site, hidden)));
        if (holdsSite)
        {
            var inner = LowerOnPath(labeled.Statement, hidden);
            inner.LabelFirst(labeled.Identifier.Text);
            result.AddRange(inner);
            return result;
        }
        if (!interruptible)
        {
            result.Add(Label(labeled.Identifier.Text, declared is null ? Fix(labeled.Statement) : Block(declared)));
            return result;
        }
        // A read (or delay) the point labels may block: a request then interrupts it, having consumed
        // nothing, and the capture happens as if the module stood just before the statement.
        var guarded = TryStatement(
            declared is null ? Block(Fix(labeled.Statement)) : Block(declared),
            SingletonList(CatchClause(CatchDeclaration(InterruptType), null, Block(GoTo(label)))),
            FinallyClause(Block(ExpressionStatement(Call(Name(Context), nameof(CaptureContext.PassedPoint))))));
        result.Add(Label(labeled.Identifier.Text, guarded));
        return result;
    }

    // The module's primitives that wait (protected in Module and AsyncModule, so named here); and WorkQueue.Take, below.
    private static readonly HashSet<string> Blocking = new(StringComparer.Ordinal) { "Read", "ReadAsync", "Call", "CallAsync", "Delay", "DelayAsync" };

    /// <summary>
    /// Whether the statement a point labels waits — reads, calls, delays (the module's own primitives)
    /// or awaits — and so is made interruptible. Any other statement pays only the request test.
    /// </summary>
    private bool MayBlock(StatementSyntax statement) =>
        statement.DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax
            || (n is InvocationExpressionSyntax && _model.GetSymbolInfo(n).Symbol is IMethodSymbol method && Waits(method)));

    private static bool Waits(IMethodSymbol method) => method switch
    {
        { ContainingType: { Name: nameof(Module) or nameof(AsyncModule) or nameof(ModuleBase), ContainingNamespace.Name: "Midflight" }, Name: var name } => Blocking.Contains(name),
        // A worker's wait for work.
        { ContainingType: { Name: "WorkQueue", ContainingNamespace.Name: "Midflight" }, Name: "Take" } => true,
        _ => false,
    };

    /// <summary>
    /// A call on the graph: made again on restore with dummy arguments (the callee restores its own
    /// parameters; only <c>ref</c> and <c>out</c> arguments bind again, to restored variables), its
    /// result kept in a temporary so that a capture leaves the rest of the statement undone.
    /// </summary>
    internal LoweredStatements LowerCall(CaptureSite site, StatementSyntax statement, IReadOnlyList<HoistedVariable> hidden, ExpressionSyntax? assignTo = null)
    {
        var edge = (CallEdge)site.Edge;
        var invocation = edge.Call.Syntax;
        if (!SiteShape.TryDescribe(statement, invocation, _model, assignTo, out var shape, out var problem))
        {
            Report(DiagnosticCodes.CallSiteShape, invocation, $"the call to '{edge.Call.Callee.Name}' (capture site {site.Number}) {problem}");
            return LoweredStatements.Of(statement);
        }
        var resuming = ResumeFlag(site.Number);
        var running = WithContext(invocation, resuming);
        var call = shape.Call.ReplaceNode(invocation, running);
        ExpressionSyntax? resume = null;
        if (_module.HasResumingCopy(edge.Call.Callee))
        {
            // The callee's running copy does not test for a restore: resuming, its resuming copy is called.
            if (ResumingCall(running) is not { } resumingCall)
            {
                Report(DiagnosticCodes.CallSiteShape, invocation, $"the call to '{edge.Call.Callee.Name}' (capture site {site.Number}) names the method in a way the build cannot follow; call it by its name");
                return LoweredStatements.Of(statement);
            }
            resume = shape.Call.ReplaceNode(invocation, resumingCall);
        }
        var value = resume is null ? call : ConditionalExpression(Name(resuming), resume, call);
        var label = NewLabel();
        var result = new LoweredStatements();
        var temporary = $"__mf_r{site.Number}";
        result.Add(Label(label, Declare(PredefinedType(Token(SyntaxKind.BoolKeyword)), resuming, BinaryExpression(SyntaxKind.EqualsExpression, Name(Site), Number(site.Number)))),
            site.Number, label);
        result.Add(ClearSite);
        var direct = shape.Kind == SiteShapeKind.Assign && AssignsDirectly(site, statement, shape);
        result.Add((shape.Kind, direct) switch
        {
            (SiteShapeKind.Bare, _) when resume is not null => IfStatement(Name(resuming), Block(ExpressionStatement(resume)), ElseClause(Block(ExpressionStatement(call)))),
            (SiteShapeKind.Bare, _) => ExpressionStatement(call),
            (_, true) => ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, Fix(shape.Target!), value)),
            _ => Declare(IdentifierName("var"), temporary, value),
        });
        result.Add(IfStatement(Member(Name(Context), nameof(CaptureContext.IsCapturing)), CaptureBlock(site, hidden)));
        switch (shape.Kind)
        {
            case SiteShapeKind.Assign when !direct:
                result.Add(ExpressionStatement(AssignmentExpression(shape.AssignmentKind, Fix(shape.Target!), Name(temporary))));
                break;
            case SiteShapeKind.Return:
                result.Add(ReturnStatement(Name(temporary)));
                break;
        }
        return result;
    }

    /// <summary>
    /// <c>F(__mf, __mf_dn ? default! : (a), …)</c>: on restore, arguments are left out; <c>__mf_dn</c>
    /// says whether this call resumes the frame below, and was set, with the resume site cleared,
    /// before the call, so that this frame stops resuming before the callee runs, even if it throws.
    /// </summary>
    private InvocationExpressionSyntax WithContext(InvocationExpressionSyntax invocation, string resuming)
    {
        var arguments = invocation.ArgumentList.Arguments.Select(a =>
            a.RefKindKeyword.IsKind(SyntaxKind.None) && MayFail(a.Expression)
                ? a.WithExpression(ConditionalExpression(Name(resuming),
                    PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, LiteralExpression(SyntaxKind.DefaultLiteralExpression, Token(SyntaxKind.DefaultKeyword))),
                    Parenthesized(Fix(a.Expression))))
                : Fix(a));
        return invocation
            .WithExpression(Fix(invocation.Expression))
            .WithArgumentList(ArgumentList(SeparatedList(arguments.Prepend(Argument(Name(Context))))));
    }

    /// <summary>
    /// Whether <c>x = F(…)</c> may assign <c>x</c> before the capture test rather than through a
    /// temporary: when a capture there would not save <c>x</c> — a local or parameter of this method,
    /// not live at the site (its value before the call is dead) and reached by no closure — so that the
    /// default value a capturing call returns lands where nothing will read it. One store the fewer
    /// keeps a small method within the JIT's inlining budget.
    /// </summary>
    private bool AssignsDirectly(CaptureSite site, StatementSyntax statement, SiteShape shape)
    {
        if (shape.AssignmentKind != SyntaxKind.SimpleAssignmentExpression)
        {
            return false;
        }
        var target = statement is LocalDeclarationStatementSyntax declaration
            ? _model.GetDeclaredSymbol(declaration.Declaration.Variables[0])
            : _model.GetSymbolInfo(shape.Target!).Symbol;
        return target is ILocalSymbol { RefKind: RefKind.None } or IParameterSymbol { RefKind: RefKind.None }
            && SymbolEqualityComparer.Default.Equals(target.ContainingSymbol, _method)
            && !site.Live.Contains(target, SymbolEqualityComparer.Default)
            && _capturedByClosures.Value is { } captured && !captured.Contains(target);
    }

    /// <summary>The variables a lambda or local function in the method captures; null where the analysis fails, and every variable counts as captured.</summary>
    private HashSet<ISymbol>? FindCapturedByClosures()
    {
        var body = _method.DeclaringSyntaxReferences[0].GetSyntax() switch
        {
            BaseMethodDeclarationSyntax method => method.Body,
            LocalFunctionStatementSyntax function => function.Body,
            _ => null,
        };
        return body is not null && _model.AnalyzeDataFlow(body) is { Succeeded: true } flow
            ? flow.Captured.ToHashSet(SymbolEqualityComparer.Default)
            : null;
    }

    /// <summary><c>F(…)</c> as <c>__mf_resume_F(…)</c>, however the method is named: <c>F</c>, <c>this.F</c>, <c>F&lt;T&gt;</c>.</summary>
    private static InvocationExpressionSyntax? ResumingCall(InvocationExpressionSyntax call)
    {
        static SimpleNameSyntax Renamed(SimpleNameSyntax name) => name.WithIdentifier(Identifier(ResumingCopy(name.Identifier.Text)));
        ExpressionSyntax? callee = call.Expression switch
        {
            SimpleNameSyntax name => Renamed(name),
            MemberAccessExpressionSyntax access => access.WithName(Renamed(access.Name)),
            _ => null,
        };
        return callee is null ? null : call.WithExpression(callee);
    }

    /// <summary>
    /// Whether an argument is left out on restore, by the dummy-argument rule: its parameter is set by
    /// the callee from its own frame, so evaluating it again (which could fail, or read a variable no
    /// longer restored) is replaced by a default. Constants and lambdas, which cannot fail and may have
    /// no type of their own, stay.
    /// </summary>
    private static bool MayFail(ExpressionSyntax expression) => expression is not (LiteralExpressionSyntax or LambdaExpressionSyntax);

    /// <summary>
    /// <c>{ __mf_captureN(__mf, x, …); return default; }</c>: the frame is taken out of line (see
    /// <see cref="ModuleRewriter.AddCaptureHelper"/>), so that the test after a call costs the method
    /// a branch and a call, not the code of the capture.
    /// </summary>
    internal BlockSyntax CaptureBlock(CaptureSite site, IReadOnlyList<HoistedVariable> hidden)
    {
        var saved = site.Live.Where(v => !_notCaptured.Contains(v)).Select(v => (v.Name, Value: (ExpressionSyntax)Name(v.Name)))
            .Concat(hidden.Select(v => (v.Name, Value: v.Captured ?? Name(v.Name))))
            .ToList();
        var returned = ReturnedByHelper();
        var helper = _module.AddCaptureHelper(_method, _id, site.Number, [.. saved.Select(s => s.Name)], returned);
        var capture = InvocationExpression(Name(helper), ArgumentList(SeparatedList(saved.Select(s => Argument(s.Value)).Prepend(Argument(Name(Context))))));
        var statements = new List<StatementSyntax>();
        foreach (var parameter in _method.Parameters.Where(p => p.RefKind == RefKind.Out))
        {
            // The caller's variable keeps its value: the out parameter counts as set, and is not written.
            statements.Add(SkipInit(parameter.Name));
        }
        if (returned is not null)
        {
            statements.Add(ReturnStatement(capture));
            return Block(statements);
        }
        statements.Add(ExpressionStatement(capture));
        statements.Add(ReturnsNothing()
            ? ReturnStatement()
            : ReturnStatement(PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, LiteralExpression(SyntaxKind.DefaultLiteralExpression, Token(SyntaxKind.DefaultKeyword)))));
        return Block(statements);
    }

    /// <summary>
    /// The type the capture helper returns, its default, for the method to return at once
    /// (<c>return __mf_captureN(…)</c>: a call and a return, where there would be three instructions
    /// more): the method's own return type, where a method of the class can name it, written without
    /// nullable annotations, as the helper stands in whatever nullable context the project has. Null
    /// for a method that returns nothing, is async, returns by reference, or returns a type made of its
    /// own type parameters.
    /// </summary>
    private TypeSyntax? ReturnedByHelper() =>
        _method is { ReturnsVoid: false, IsAsync: false, RefKind: RefKind.None } && !MentionsMethodTypeParameter(_method.ReturnType)
            ? ObliviousTypeOf(_method.ReturnType)
            : null;

    private static bool MentionsMethodTypeParameter(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol parameter => parameter.TypeParameterKind != TypeParameterKind.Type,
        IArrayTypeSymbol array => MentionsMethodTypeParameter(array.ElementType),
        IPointerTypeSymbol pointer => MentionsMethodTypeParameter(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(MentionsMethodTypeParameter) || (named.ContainingType is { } outer && MentionsMethodTypeParameter(outer)),
        _ => false,
    };

    private bool ReturnsNothing() =>
        _method.ReturnsVoid || (_method.IsAsync && _method.ReturnType is INamedTypeSymbol { IsGenericType: false });

    /// <summary>The type of a local of the original code, as a hoisted declaration writes it.</summary>
    internal static TypeSyntax TypeOfLocal(ILocalSymbol local) => TypeOf(local.Type);

    internal ITypeSymbol? TypeOfExpression(ExpressionSyntax expression) => _model.GetTypeInfo(expression).Type;

    internal IOperation? Operation(SyntaxNode node) => _model.GetOperation(node);
}
