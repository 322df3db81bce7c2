using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Midflight.Model;
using Midflight.Model.Diagnostics;
using Midflight.Transform.Analysis;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using Diagnostic = Midflight.Model.Diagnostics.Diagnostic;

namespace Midflight.Transform.Preparation;

/// <summary>
/// Rewrites a module class: each method on the reconfiguration graph is lowered (and takes the
/// capture context as a first parameter, except the entry, which takes it from the module), and every
/// other call to such a method — from a lambda, say, whose frame cannot be captured — passes the
/// inert context, so that it runs as before. Methods off the graph are left as they are. A method on
/// the graph other than the entry becomes two, the code it runs and the copy that resumes it (see
/// <see cref="VisitMethodDeclaration"/>), and each capture site gets a helper out of line (see
/// <see cref="AddCaptureHelper"/>), both added to the class once it is visited.
/// </summary>
internal sealed class ModuleRewriter : CSharpSyntaxRewriter
{
    private static readonly SymbolDisplayFormat IdFormat = new(
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeParamsRefOut,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private readonly Compilation _compilation;
    private readonly HashSet<IMethodSymbol> _onGraph;
    private readonly HashSet<IMethodSymbol> _copied;
    private readonly Dictionary<IMethodSymbol, List<CaptureSite>> _sites = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, HashSet<ISymbol>> _outerVariables = new(SymbolEqualityComparer.Default);
    private readonly List<Diagnostic> _diagnostics;
    private readonly Dictionary<SyntaxNode, List<MemberDeclarationSyntax>> _added = [];
    private int _names;

    // listed: for each point whose specification lists its variables ({R(a, b)}), that list, which replaces the analysis there.
    public ModuleRewriter(Compilation compilation, ReconfigurationGraph graph, IReadOnlyDictionary<string, EquatableArray<string>> listed, List<Diagnostic> diagnostics)
    {
        _compilation = compilation;
        Graph = graph;
        _diagnostics = diagnostics;
        _onGraph = new HashSet<IMethodSymbol>(graph.Methods, SymbolEqualityComparer.Default);
        // A method whose code does not compile is not copied: its errors are reported once, and the build fails anyway.
        _copied = graph.Methods
            .Where(m => m is { MethodKind: MethodKind.Ordinary, IsVirtual: false, IsAbstract: false, IsOverride: false } && !SymbolEqualityComparer.Default.Equals(m, graph.Entry)
                && Declaration(m) is var declaration && !ModelOf(declaration).GetDiagnostics(declaration.Span).Any(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
            .ToHashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var method in graph.Methods.Where(m => m.MethodKind == MethodKind.LocalFunction))
        {
            _outerVariables[method] = OuterVariables(method);
        }
        foreach (var group in graph.Edges.GroupBy(e => e.From, SymbolEqualityComparer.Default))
        {
            var method = (IMethodSymbol)group.Key!;
            var declaration = Declaration(method);
            var liveness = Liveness.Of(ModelOf(declaration), declaration);
            var model = ModelOf(declaration);
            _sites[method] = [.. group.Select(edge => edge switch
            {
                CallEdge call => new CaptureSite(edge, call.Call.Syntax.FirstAncestorOrSelf<StatementSyntax>()!,
                    InScope(model, call.Call.Syntax, liveness.LiveAfter(call.Call.Syntax).Union(OuterVariablesOf(call.Call.Callee), SymbolEqualityComparer.Default))),
                PointEdge point => new CaptureSite(edge, point.Label, listed.TryGetValue(point.Label.Identifier.Text, out var names)
                    ? Listed(model, point.Label, names)
                    : InScope(model, point.Label, liveness.LiveBefore(point.Label.Statement))),
                _ => throw new InvalidOperationException(edge.ToString()),
            })];
        }
    }

    /// <summary>The variables a point's specification lists, each of which must be in scope at the point.</summary>
    private List<ISymbol> Listed(SemanticModel model, LabeledStatementSyntax point, EquatableArray<string> names)
    {
        var variables = new List<ISymbol>();
        foreach (var name in names)
        {
            var variable = model.LookupSymbols(point.SpanStart, name: name).FirstOrDefault(v => v is ILocalSymbol or IParameterSymbol);
            if (variable is null)
            {
                Report(DiagnosticCodes.ListedVariableNotInScope, point,
                    $"reconfiguration point '{point.Identifier.Text}' lists '{name}', which is no local variable or parameter in scope at the point");
                continue;
            }
            variables.Add(variable);
        }
        return variables;
    }

    /// <summary>
    /// The variables in scope at a site: a variable out of scope there is declared again before any
    /// use (a loop body's local, a case's pattern variable), and is not the frame's to keep.
    /// </summary>
    private static List<ISymbol> InScope(SemanticModel model, SyntaxNode site, IEnumerable<ISymbol> variables) =>
        [.. variables.Where(v => model.LookupSymbols(site.SpanStart, name: v.Name).Contains(v, SymbolEqualityComparer.Default)
            // A local's scope is its whole block, but before its declaration it holds nothing to keep.
            && (v is not ILocalSymbol || v.Locations is not [{ SourceSpan: var declared }, ..] || declared.Start < site.SpanStart))];

    public ReconfigurationGraph Graph { get; }

    /// <summary>
    /// A generated name unique in the class: labels must be, since C# refuses a label that another in
    /// an enclosing method's scope (a local function's enclosing method, say) already uses.
    /// </summary>
    internal string NewName(string what) => $"__mf_{what}{++_names}";

    /// <summary>The <c>out var</c> declarations whose variables a block of the path declares at its top instead.</summary>
    internal HashSet<DeclarationExpressionSyntax> HoistedOutVariables { get; } = [];

    /// <summary>The pattern variables that a block of the path declares at its top instead (see <see cref="MethodLowering.HoistExpressionVariable"/>).</summary>
    internal HashSet<SingleVariableDesignationSyntax> HoistedPatternVariables { get; } = [];

    /// <summary>
    /// <c>e is T t</c>, where <c>t</c> is declared at the top of its block, becomes
    /// <c>(e is T __mf_t1 &amp;&amp; (t = __mf_t1) is var _)</c>: <c>t</c> is set exactly when the pattern
    /// matches, as before; <c>e is not T t</c> becomes the negation of that.
    /// </summary>
    public override SyntaxNode? VisitIsPatternExpression(IsPatternExpressionSyntax node)
    {
        var hoisted = node.Pattern.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>().Where(HoistedPatternVariables.Contains).ToList();
        if (hoisted.Count == 0)
        {
            return base.VisitIsPatternExpression(node);
        }
        var renamed = hoisted.ToDictionary(d => (SyntaxNode)d, _ => NewName("matched"));
        var pattern = node.Pattern.ReplaceNodes(hoisted, (original, _) => SingleVariableDesignation(Identifier(renamed[original])));
        var negated = pattern is UnaryPatternSyntax { OperatorToken.RawKind: (int)SyntaxKind.NotKeyword };
        ExpressionSyntax test = IsPatternExpression((ExpressionSyntax)Visit(node.Expression), negated ? ((UnaryPatternSyntax)pattern).Pattern : pattern);
        foreach (var designation in hoisted)
        {
            var assigned = IsPatternExpression(
                ParenthesizedExpression(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(designation.Identifier.Text), IdentifierName(renamed[designation]))),
                VarPattern(DiscardDesignation()));
            test = BinaryExpression(SyntaxKind.LogicalAndExpression, test, assigned);
        }
        test = ParenthesizedExpression(test);
        return (negated ? PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, test) : test).WithTriviaFrom(node);
    }

    /// <summary><c>out var x</c> becomes <c>out x</c>, and <c>var (a, (b, _))</c> becomes <c>(a, (b, _))</c>, where the block declares the variables at its top.</summary>
    public override SyntaxNode? VisitDeclarationExpression(DeclarationExpressionSyntax node) =>
        HoistedOutVariables.Contains(node) ? Named(node.Designation).WithTriviaFrom(node) : base.VisitDeclarationExpression(node);

    private static ExpressionSyntax Named(VariableDesignationSyntax designation) => designation switch
    {
        SingleVariableDesignationSyntax variable => IdentifierName(variable.Identifier),
        ParenthesizedVariableDesignationSyntax tuple => TupleExpression(SeparatedList(tuple.Variables.Select(v => Argument(Named(v))))),
        _ => IdentifierName("_"),
    };

    /// <summary>A method's identity in snapshots: stable across versions as long as its name and parameters stay.</summary>
    public static string MethodId(IMethodSymbol method) =>
        method.MethodKind == MethodKind.LocalFunction
            ? MethodId((IMethodSymbol)method.ContainingSymbol) + "." + method.ToDisplayString(IdFormat)
            : method.ToDisplayString(IdFormat);

    internal void Report(string code, SyntaxNode where, string message)
    {
        var span = where.GetLocation().GetLineSpan();
        _diagnostics.Add(Diagnostic.Error(code, new SourceLocation(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1), message));
    }

    private SemanticModel ModelOf(SyntaxNode node) => _compilation.GetSemanticModel(node.SyntaxTree);

    private static SyntaxNode Declaration(IMethodSymbol method) => method.DeclaringSyntaxReferences[0].GetSyntax();

    // A local function's frame does not hold the variables of its enclosing method that it uses: they
    // belong to the enclosing frame, which therefore captures them at every call to the function.
    private HashSet<ISymbol> OuterVariablesOf(IMethodSymbol callee) =>
        _outerVariables.TryGetValue(callee, out var outer) ? outer : new HashSet<ISymbol>(SymbolEqualityComparer.Default);

    private HashSet<ISymbol> OuterVariables(IMethodSymbol function)
    {
        var declaration = Declaration(function);
        var model = ModelOf(declaration);
        return declaration.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Select(n => model.GetSymbolInfo(n).Symbol)
            .Where(s => s is ILocalSymbol or IParameterSymbol && !IsWithin(s.ContainingSymbol, function))
            .ToHashSet(SymbolEqualityComparer.Default)!;
    }

    private static bool IsWithin(ISymbol? symbol, IMethodSymbol function)
    {
        for (var current = symbol; current is not null; current = current.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(current, function))
            {
                return true;
            }
        }
        return false;
    }

    public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node)
    {
        var visited = (ClassDeclarationSyntax)base.VisitClassDeclaration(node)!;
        if (_added.Remove(node, out var added))
        {
            visited = visited.AddMembers([.. added]);
        }
        var model = ModelOf(node);
        if (!SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(node), Graph.Entry.ContainingType))
        {
            return visited;
        }
        // The runtime replaces a prepared module at a reconfiguration point rather than at a quiet
        // moment; an update checks the new version's resume sites against the running version's.
        var forwarders = Graph.Methods
            .Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaredAccessibility != Accessibility.Private && !SymbolEqualityComparer.Default.Equals(m, Graph.Entry))
            .Select(m => m.DeclaringSyntaxReferences[0].GetSyntax())
            .OfType<MethodDeclarationSyntax>()
            .Where(m => node.Contains(m))
            .Select(Forwarder);
        visited = visited.AddMembers([.. forwarders]);
        // A partial class is declared in several places; the marker goes on one of them, as C# allows it once.
        if (node != Graph.Entry.ContainingType.DeclaringSyntaxReferences[0].GetSyntax())
        {
            return visited;
        }
        var sites = _sites.SelectMany(s => s.Value.Select(site => ResumeSiteOf(s.Key, site))).OrderBy(s => s.Site)
            .Select(s => AttributeArgument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(s.ToString()))));
        var marker = AttributeList(SingletonSeparatedList(Attribute(ParseName("global::Midflight.PreparedForReconfiguration"), AttributeArgumentList(SeparatedList(sites)))));
        return visited.WithoutLeadingTrivia().AddAttributeLists(marker.WithLeadingTrivia(visited.GetLeadingTrivia()));
    }

    private static ResumeSite ResumeSiteOf(IMethodSymbol method, CaptureSite site) => new(
        MethodId(method),
        site.Number,
        site.Edge switch
        {
            CallEdge call => "calls " + MethodId(call.Call.Callee),
            PointEdge point => "at " + point.Label.Identifier.Text,
            _ => throw new InvalidOperationException(site.Edge.ToString()),
        },
        [.. site.Live.Select(v => (v.Name, (v switch { ILocalSymbol local => local.Type, IParameterSymbol parameter => parameter.Type, _ => null })!
            .ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)))]);

    /// <summary>
    /// Beside a prepared method that code outside the class may call, one with its original signature
    /// that calls it with the inert context: such callers are off the graph, and need not change.
    /// </summary>
    private static MethodDeclarationSyntax Forwarder(MethodDeclarationSyntax method)
    {
        var arguments = method.ParameterList.Parameters.Select(p =>
        {
            var argument = Argument(IdentifierName(p.Identifier));
            var kind = p.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword));
            return kind == default ? argument : argument.WithRefKindKeyword(Token(kind.Kind()));
        }).Prepend(Argument(Generated.Inert));
        SimpleNameSyntax name = method.TypeParameterList is { } typeParameters
            ? GenericName(method.Identifier, TypeArgumentList(SeparatedList<TypeSyntax>(typeParameters.Parameters.Select(t => IdentifierName(t.Identifier)))))
            : IdentifierName(method.Identifier);
        var call = InvocationExpression(name, ArgumentList(SeparatedList(arguments)));
        var returnsNothing = method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
        return method
            .WithAttributeLists(default)
            .WithModifiers(TokenList(method.Modifiers.Where(m => !m.IsKind(SyntaxKind.AsyncKeyword))))
            .WithExpressionBody(null).WithSemicolonToken(default)
            .WithBody(Block(returnsNothing ? ExpressionStatement(call) : ReturnStatement(call)))
            .WithoutLeadingTrivia();
    }

    /// <summary>
    /// A method on the graph. The entry, which the runtime calls to run the module or to restore it,
    /// tests once which (see <see cref="SplitEntry"/>). Any other becomes two: under its own name the body it runs (see
    /// <see cref="RunningBody"/>), which no longer tests for a restore at its entry, and beside it the
    /// copy that resumes it, which only a resuming caller calls.
    /// </summary>
    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var method = ModelOf(node).GetDeclaredSymbol(node);
        if (method is null || !_onGraph.Contains(method))
        {
            return base.VisitMethodDeclaration(node);
        }
        if (!Supported(method, node))
        {
            return node;
        }
        var lowered = Lower(method, node.Body!);
        if (SymbolEqualityComparer.Default.Equals(method, Graph.Entry))
        {
            return method is { IsAsync: false, ReturnsVoid: true, Parameters.IsEmpty: true }
                ? SplitEntry(node, lowered)
                : node.WithBody(lowered).WithAdditionalAnnotations(SourceMapping.Lowered);
        }
        var parameters = WithContext(node.ParameterList);
        if (!_copied.Contains(method))
        {
            return node.WithBody(lowered).WithParameterList(parameters).WithAdditionalAnnotations(SourceMapping.Lowered);
        }
        var kept = node.Modifiers.Where(m => m.Kind() is SyntaxKind.StaticKeyword or SyntaxKind.AsyncKeyword or SyntaxKind.UnsafeKeyword);
        AddedTo(node).Add(node
            .WithAttributeLists(default)
            .WithModifiers(TokenList(kept.Select(m => Token(m.Kind())).Prepend(Token(SyntaxKind.PrivateKeyword))))
            .WithIdentifier(Identifier(Generated.ResumingCopy(node.Identifier.Text)))
            .WithParameterList(parameters)
            .WithBody(lowered)
            .WithoutLeadingTrivia()
            .WithAdditionalAnnotations(SourceMapping.Lowered, SourceMapping.Copy));
        return node.WithBody(RunningBody.Of(lowered)).WithParameterList(parameters).WithAdditionalAnnotations(SourceMapping.Lowered);
    }

    /// <summary>
    /// The entry, split as the other methods are: the runtime calls it once per run, to run or to
    /// restore, so it tests once whether it restores and goes to its resuming copy if it does; the rest
    /// is the code it runs, where no local is taken by reference by a restore (a loop's variables stay
    /// in registers). An async entry, or one with parameters, stays one method.
    /// </summary>
    private MethodDeclarationSyntax SplitEntry(MethodDeclarationSyntax node, BlockSyntax lowered)
    {
        var copy = Generated.ResumingCopy(node.Identifier.Text);
        AddedTo(node).Add(node
            .WithAttributeLists(default)
            .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword)))
            .WithIdentifier(Identifier(copy))
            .WithBody(lowered)
            .WithoutLeadingTrivia()
            .WithAdditionalAnnotations(SourceMapping.Lowered, SourceMapping.Copy));
        var restores = IfStatement(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ThisExpression(), IdentifierName("CaptureContext")),
                IdentifierName(nameof(CaptureContext.IsRestoring))),
            Block(ExpressionStatement(InvocationExpression(IdentifierName(copy))), ReturnStatement()));
        var running = RunningBody.Of(lowered);
        return node.WithBody(running.WithStatements(running.Statements.Insert(0, restores))).WithAdditionalAnnotations(SourceMapping.Lowered);
    }

    /// <summary>Whether calls to a method resume it through its resuming copy (see <see cref="VisitMethodDeclaration"/>).</summary>
    internal bool HasResumingCopy(IMethodSymbol callee) => _copied.Contains(callee.OriginalDefinition);

    /// <summary>
    /// A method that captures a frame at <paramref name="site"/>, never inlined, which the capture test
    /// after a call or at a point calls: <c>__mf_captureN(__mf, x, y)</c> adds <c>x</c> and <c>y</c> to
    /// the frame under their names. Generic in each variable, so that each keeps its own static type
    /// in the snapshot, as if added where it stands; the variables' types are never written.
    /// </summary>
    /// <param name="method">The method the site is in.</param>
    /// <param name="methodId">Its identity in snapshots.</param>
    /// <param name="site">The site.</param>
    /// <param name="variables">The names the frame saves, in order.</param>
    /// <param name="returns">What the helper returns (its default), for the method to return; null for nothing.</param>
    internal string AddCaptureHelper(IMethodSymbol method, string methodId, int site, IReadOnlyList<string> variables, TypeSyntax? returns)
    {
        var name = Generated.CaptureHelper(site);
        ExpressionSyntax capture = Generated.Call(IdentifierName(Generated.Context), nameof(CaptureContext.Capture), Generated.Text(methodId), Generated.Number(site));
        var parameters = new List<ParameterSyntax> { Parameter(Identifier(Generated.Context)).WithType(Generated.ContextType) };
        for (var i = 0; i < variables.Count; i++)
        {
            capture = Generated.Call(capture, nameof(FrameCapture.Add), Generated.Text(variables[i]), IdentifierName($"__mf_v{i}"));
            parameters.Add(Parameter(Identifier($"__mf_v{i}")).WithType(IdentifierName($"__mf_T{i}")));
        }
        var helper = MethodDeclaration(returns ?? PredefinedType(Token(SyntaxKind.VoidKeyword)), name)
            .WithAttributeLists(SingletonList(AttributeList(SingletonSeparatedList(Attribute(
                ParseName("global::System.Runtime.CompilerServices.MethodImpl"),
                ParseAttributeArgumentList("(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)"))))))
            .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword)))
            .WithTypeParameterList(variables.Count == 0 ? null
                : TypeParameterList(SeparatedList(Enumerable.Range(0, variables.Count).Select(i => TypeParameter($"__mf_T{i}")))))
            .WithParameterList(ParameterList(SeparatedList(parameters)))
            .WithBody(returns is null
                ? Block(ExpressionStatement(capture))
                : Block(ExpressionStatement(capture), ReturnStatement(Generated.DefaultValue)));
        AddedTo(Declaration(method)).Add(helper);
        return name;
    }

    /// <summary>The members generated for the class declaration that holds <paramref name="member"/>, added to it once it is visited.</summary>
    private List<MemberDeclarationSyntax> AddedTo(SyntaxNode member)
    {
        var declaration = member.FirstAncestorOrSelf<ClassDeclarationSyntax>()!;
        return _added.TryGetValue(declaration, out var members) ? members : _added[declaration] = [];
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var method = (IMethodSymbol?)ModelOf(node).GetDeclaredSymbol(node);
        if (method is null || !_onGraph.Contains(method))
        {
            return base.VisitLocalFunctionStatement(node);
        }
        if (!Supported(method, node))
        {
            return node;
        }
        return node.WithBody(Lower(method, node.Body!)).WithParameterList(WithContext(node.ParameterList)).WithAdditionalAnnotations(SourceMapping.Lowered);
    }

    private BlockSyntax Lower(IMethodSymbol method, BlockSyntax body)
    {
        var declaration = Declaration(method);
        var notCaptured = new HashSet<ISymbol>(OuterVariablesOf(method), SymbolEqualityComparer.Default);
        var lowering = new MethodLowering(this, method, ModelOf(declaration), _sites.GetValueOrDefault(method) ?? [], notCaptured);
        return lowering.LowerBody(body);
    }

    private bool Supported(IMethodSymbol method, SyntaxNode node)
    {
        var isEntry = SymbolEqualityComparer.Default.Equals(method, Graph.Entry);
        string? why = method switch
        {
            { IsVirtual: true } or { IsAbstract: true } => "it is virtual or abstract, so calls to it cannot be followed",
            { IsOverride: true } when !isEntry => "it overrides another method, so calls to it cannot be followed",
            { IsAsync: true, ReturnsVoid: true } => "it is 'async void', whose caller cannot wait for it to resume",
            _ when method.ExplicitInterfaceImplementations.Length > 0 => "it implements an interface method",
            _ when node.DescendantNodes().Any(n => n is YieldStatementSyntax) => "it is an iterator, whose position is held by compiler-generated code",
            _ => null,
        };
        if (why is not null)
        {
            Report(DiagnosticCodes.MethodNotSupported, node, $"'{method.Name}' is on the reconfiguration graph, but {why}");
        }
        return why is null;
    }

    private static ParameterListSyntax WithContext(ParameterListSyntax parameters) =>
        parameters.WithParameters(parameters.Parameters.Insert(0, Parameter(Identifier(Generated.Context)).WithType(Generated.ContextType)));

    /// <summary>A call to a prepared method from off the graph: it runs with the inert context.</summary>
    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        if (ModelOf(node).GetSymbolInfo(node).Symbol is IMethodSymbol callee && _onGraph.Contains(callee.OriginalDefinition)
            && !SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, Graph.Entry))
        {
            return visited.WithArgumentList(visited.ArgumentList.WithArguments(visited.ArgumentList.Arguments.Insert(0, Argument(Generated.Inert))));
        }
        return visited;
    }
}
