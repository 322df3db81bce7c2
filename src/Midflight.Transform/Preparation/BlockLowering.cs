using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Midflight.Model.Diagnostics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Midflight.Transform.Preparation.Generated;

namespace Midflight.Transform.Preparation;

/// <summary>
/// One block on the way to a site. Its locals are declared at its top, so that its dispatch — a
/// switch on the resume site at the top of the block — can set the live ones before jumping to the
/// statement that leads to the site; C# would refuse a jump past a declaration to a use of it.
/// </summary>
internal sealed class BlockLowering
{
    private readonly MethodLowering _method;
    private readonly IReadOnlyList<HoistedVariable> _hidden;
    private readonly List<HoistedVariable> _hoisted = [];
    private readonly LoweredStatements _body = new();

    // After a 'using' declaration: the rest of the block, which the resources' disposal guards.
    private (BlockLowering Guarded, List<HoistedVariable> Resources, bool Asynchronously)? _using;

    // hidden: the variables the lowering made in enclosing statements, captured at every site below.
    public BlockLowering(MethodLowering method, IReadOnlyList<HoistedVariable> hidden)
    {
        _method = method;
        _hidden = hidden;
    }

    public IReadOnlyList<StatementSyntax> Statements
    {
        get
        {
            CloseUsing();
            return _body.Statements;
        }
    }

    public void Hoist(HoistedVariable variable) => _hoisted.Add(variable);

    /// <summary>Adds a statement the lowering made, holding no site.</summary>
    public void AddGenerated(StatementSyntax statement) => _body.Add(statement);

    public void AddLowered(LoweredStatements lowered) => _body.AddRange(lowered);

    /// <summary>Adds a statement of the module's code.</summary>
    public void Add(StatementSyntax statement)
    {
        if (_using is { Guarded: var rest })
        {
            rest.Add(statement);
            return;
        }
        HoistExpressionVariables(statement);
        if (statement is LocalDeclarationStatementSyntax declaration && !declaration.IsConst)
        {
            AddDeclaration(declaration);
            return;
        }
        if (statement is LabeledStatementSyntax { Statement: LocalDeclarationStatementSyntax { IsConst: false, UsingKeyword.RawKind: 0 } labeledDeclaration } labeled
            && labeledDeclaration.Declaration.Type is not RefTypeSyntax && !_method.HoldsSite(labeledDeclaration))
        {
            // R: var x = …; — declared at the top like any other, the label stays on the assignments.
            var assignments = Hoist(labeledDeclaration);
            _body.AddRange(_method.PointAt(labeled) is { } point
                ? _method.LowerPoint(point, labeled, _hidden, assignments)
                : LoweredStatements.Of(Label(labeled.Identifier.Text, Block(assignments))));
            return;
        }
        if (_method.HoldsSite(statement))
        {
            _body.AddRange(_method.LowerOnPath(statement, _hidden));
            return;
        }
        _body.Add((StatementSyntax)_method.Fix(statement));
    }

    /// <summary>
    /// Variables an expression declares for the rest of the block (<c>out var x</c>, <c>var (a, b) = …</c>,
    /// <c>is T t</c> in a statement of the block): an <c>out var</c> or a deconstruction's variable is
    /// declared at the block's top like any local, and where it was declared it is named instead
    /// (<c>out x</c>, <c>(a, b) = …</c>); so is a pattern's variable that a site needs (see <see cref="MethodLowering.HoistExpressionVariable"/>).
    /// </summary>
    private void HoistExpressionVariables(StatementSyntax statement)
    {
        var model = _method.Model;
        foreach (var designation in statement.DescendantNodes().OfType<SingleVariableDesignationSyntax>())
        {
            if (model.GetDeclaredSymbol(designation) is not ILocalSymbol local
                || !model.LookupSymbols(statement.Span.End, name: local.Name).Contains(local, SymbolEqualityComparer.Default))
            {
                continue; // scoped to a nested statement, which declares it again each time it runs
            }
            // A pattern's variable stays where it is unless a site needs it, or the statement holds one:
            // resuming, the statement's condition is not tested again, and C# would see it unassigned.
            var isPattern = designation.Parent is not (DeclarationExpressionSyntax or ParenthesizedVariableDesignationSyntax);
            if (isPattern && !_method.IsLiveAtAnySite(local) && !_method.HoldsSite(statement))
            {
                continue;
            }
            if (_method.HoistExpressionVariable(designation, local) is { } hoisted)
            {
                _hoisted.Add(hoisted);
            }
            else
            {
                _method.Report(DiagnosticCodes.VariableNotRestorable, designation,
                    $"'{local.Name}' is declared by a pattern under 'not' and still needed at a capture site; declare it in a statement of its own and assign it from the pattern");
            }
        }
    }

    private void AddDeclaration(LocalDeclarationStatementSyntax declaration)
    {
        if (declaration.Declaration.Type is RefTypeSyntax)
        {
            // Resuming jumps forward past it, which C# cannot do for a ref local.
            _method.Report(DiagnosticCodes.StatementNotSupported, declaration,
                "a 'ref' local in a block that holds a capture site: the block could not resume past it; move it off the path");
            _body.Add((StatementSyntax)_method.Fix(declaration));
            return;
        }
        if (declaration.UsingKeyword != default)
        {
            // using var r = …; the rest of the block is what it guards, as a 'using' statement's body.
            var resources = declaration.Declaration.Variables
                .Select(v => StatementLowering.Resource(this, _method, (ILocalSymbol)_method.Model.GetDeclaredSymbol(v)!, v.Initializer!.Value))
                .ToList();
            _using = (new BlockLowering(_method, [.. _hidden, .. resources]), resources, declaration.AwaitKeyword != default);
            return;
        }
        var site = _method.SitesIn(declaration).FirstOrDefault();
        var assignments = Hoist(declaration);
        if (site is null)
        {
            foreach (var assignment in assignments)
            {
                _body.Add(assignment);
            }
        }
        else
        {
            if (declaration.Declaration.Variables.Count != 1)
            {
                _method.Report(DiagnosticCodes.CallSiteShape, declaration, $"capture site {site.Number} stands in a declaration of several variables; declare the one the call initialises in a statement of its own");
                return;
            }
            _body.AddRange(_method.LowerCall(site, declaration, _hidden, Name(declaration.Declaration.Variables[0].Identifier.Text)));
        }
    }

    /// <summary>Declares the variables of <paramref name="declaration"/> at the top of the block; what initialises them becomes assignments where it stood.</summary>
    private List<StatementSyntax> Hoist(LocalDeclarationStatementSyntax declaration)
    {
        var assignments = new List<StatementSyntax>();
        foreach (var declarator in declaration.Declaration.Variables)
        {
            var local = (ILocalSymbol)_method.Model.GetDeclaredSymbol(declarator)!;
            _hoisted.Add(new HoistedVariable(local.Name, MethodLowering.TypeOfLocal(local), local));
            if (declarator.Initializer is { Value: var value })
            {
                var initial = value is InitializerExpressionSyntax arrayInitializer
                    ? ArrayCreationExpression((ArrayTypeSyntax)MethodLowering.TypeOfLocal(local), _method.Fix(arrayInitializer))
                    : _method.Fix(value);
                assignments.Add(Assign(Name(local.Name), initial));
            }
        }
        return assignments;
    }

    /// <summary>
    /// The declarations of the hoisted variables, for the top of the block. Each starts at its default:
    /// a capture may save a variable that C# knows is written before it is read again, but that is not
    /// yet written where the capture stands.
    /// </summary>
    public IEnumerable<StatementSyntax> HoistedDeclarations() => _hoisted.Select(v => (StatementSyntax)Declare(v.Type, v.Name, DefaultValue));

    /// <summary>Ends the rest of the block that a 'using' declaration guards: it becomes one statement, resumed through its own dispatch.</summary>
    private void CloseUsing()
    {
        if (_using is not { } pending)
        {
            return;
        }
        _using = null;
        var rest = pending.Guarded.ToBlock();
        var guarded = TryStatement(rest, default, StatementLowering.Release(pending.Resources, pending.Asynchronously));
        _body.AddRange(LoweredStatements.Resuming(guarded, pending.Guarded.Sites, _method.NewLabel()));
    }

    /// <summary>The switch that jumps to where each site below resumes, having set the variables live there.</summary>
    public StatementSyntax Dispatch(bool unknownSiteThrows = false)
    {
        CloseUsing();
        var sections = new List<SwitchSectionSyntax>();
        foreach (var (site, label) in _body.Targets.OrderBy(t => t.Key))
        {
            var capture = _method.SiteNumbered(site);
            var statements = new List<StatementSyntax>();
            foreach (var variable in _hoisted)
            {
                if (variable.Symbol is null || capture.Live.Contains(variable.Symbol, SymbolEqualityComparer.Default))
                {
                    statements.Add(Assign(Name(variable.Name), CallGeneric(
                        PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, Name(Frame)), nameof(FrameRestore.Get), variable.Type,
                        Argument(Text(variable.Name)))));
                }
                else
                {
                    // Not needed where the frame resumes, but the compiler sees paths through the
                    // statements the jump passes over, and wants the variable set on them.
                    statements.Add(SkipInit(variable.Name));
                }
            }
            statements.Add(GoTo(label));
            sections.Add(SwitchSection(SingletonList<SwitchLabelSyntax>(CaseSwitchLabel(Number(site))), List(statements)));
        }
        if (unknownSiteThrows)
        {
            sections.Add(SwitchSection(SingletonList<SwitchLabelSyntax>(DefaultSwitchLabel()),
                SingletonList<StatementSyntax>(ThrowStatement(Call(Name(Frame), nameof(FrameRestore.UnknownSite))))));
        }
        return SwitchStatement(Name(Site), List(sections));
    }

    /// <summary>The lowered block: hoisted declarations, dispatch, statements.</summary>
    public BlockSyntax ToBlock()
    {
        CloseUsing();
        var statements = HoistedDeclarations().ToList();
        if (_body.Targets.Count > 0)
        {
            statements.Add(Dispatch());
        }
        statements.AddRange(_body.Statements);
        return Block(statements);
    }

    /// <summary>The sites below this block, all resumed through the one statement that <see cref="ToBlock"/> becomes.</summary>
    public IEnumerable<int> Sites => _body.Targets.Keys;
}
