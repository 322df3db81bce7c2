using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Midflight.Model.Diagnostics;
using Midflight.Transform.Procedures;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using Diagnostic = Midflight.Model.Diagnostics.Diagnostic;

namespace Midflight.Transform.Preparation;

/// <summary>
/// The binding table of a module opted in to procedure updates (PODUS's binding table): each
/// procedure gets a slot — a delegate field of a table the instance creates before its constructor
/// runs — and every call of a procedure on <c>this</c> goes through the slot's forwarder. A procedure
/// update rebinds slots; the module's code is otherwise compiled as written.
/// </summary>
/// <remarks>
/// An empty slot means "the code compiled into the module", so the forwarder of a procedure never
/// updated is a load and a test before a direct call the JIT may inline: a delegate call on every
/// call cost 1.85× on Fibonacci and 7% on the merge sort (docs/performance.md). Once a procedure is
/// updated, its slot holds the new version and every caller, old code or new, goes through it.
/// </remarks>
/// <remarks>
/// Each procedure, and its slot, is marked <c>[Procedure]</c> with its identity, the
/// fingerprint of its source and the procedures it calls, so that an update can be checked and
/// planned against the running version without its source, and so that the frames of its
/// activations can be told on the module's stack.
/// </remarks>
internal static class BindingTable
{
    /// <summary>The module's view of its table, typed: a property over <c>ModuleBase.Procedures</c>.</summary>
    public const string TableField = "__mf_procedures";
    public const string TableClass = "__mf_Procedures";

    /// <summary>The prefix of a slot's forwarder: the method every call of the procedure goes through.</summary>
    public const string ForwarderPrefix = "__mf_via_";

    /// <summary>The compilation with the binding table of each opted-in module; the files it changed.</summary>
    public static (Compilation Compilation, IReadOnlyList<string> Files) Apply(
        Compilation compilation, IEnumerable<(string TypeName, IReadOnlySet<string> OnGraph)> modules, List<Diagnostic> diagnostics)
    {
        var files = new List<string>();
        foreach (var (typeName, onGraph) in modules)
        {
            // Looked up in each module's turn: a rewrite replaces trees, and symbols belong to one compilation.
            var module = compilation.GetTypeByMetadataName(typeName)!;
            if (!DerivesFromModule(module))
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.ProcedureModuleNotThreaded, Analysis.ModuleAnalysis.LocationOf(module.Locations[0]),
                    $"class '{module.Name}' is marked [ProcedureUpdates] but does not derive from Module: the runtime tells a procedure's activations from the module thread's stack, which an AsyncModule does not have"));
                continue;
            }
            var procedures = module.GetMembers().OfType<IMethodSymbol>()
                .Where(m => ProcedureRules.WhyNotProcedure(m, onGraph) is null)
                .ToList();
            var slots = SlotNames(procedures);
            foreach (var tree in module.DeclaringSyntaxReferences.Select(r => r.SyntaxTree).Distinct())
            {
                var model = compilation.GetSemanticModel(tree);
                var declarations = module.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree).Select(r => (TypeDeclarationSyntax)r.GetSyntax()).ToList();
                var routed = declarations
                    .SelectMany(d => ProcedureRules.CallsOnThis(model, d, module))
                    .Where(c => slots.ContainsKey(c.Callee))
                    .ToDictionary(c => (SyntaxNode)c.Call, c => slots[c.Callee]);
                var marked = procedures
                    .Where(p => p.DeclaringSyntaxReferences[0].SyntaxTree == tree)
                    .ToDictionary(p => p.DeclaringSyntaxReferences[0].GetSyntax(), p => Marker(compilation, module, p, slots));
                var first = module.DeclaringSyntaxReferences[0].GetSyntax();
                var root = tree.GetRoot().ReplaceNodes(routed.Keys.Concat(marked.Keys).Append(first).Where(n => n.SyntaxTree == tree).Distinct(),
                    (original, rewritten) => original switch
                    {
                        InvocationExpressionSyntax when routed.TryGetValue(original, out var slot) => ThroughSlot((InvocationExpressionSyntax)rewritten, slot),
                        MethodDeclarationSyntax when marked.TryGetValue(original, out var marker) => ((MethodDeclarationSyntax)rewritten).AddAttributeLists(marker, NotInlined),
                        TypeDeclarationSyntax when original == first => ((TypeDeclarationSyntax)rewritten).AddMembers(TableMembers(module, procedures, slots, compilation)),
                        _ => rewritten,
                    });
                compilation = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(root, tree.Options));
                files.Add(tree.FilePath);
            }
        }
        return (compilation, files);
    }

    private static bool DerivesFromModule(INamedTypeSymbol module)
    {
        for (var type = module.BaseType; type is not null; type = type.BaseType)
        {
            if (type.ToDisplayString() == "Midflight.Module")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>One slot per procedure: its name, or with its index when it is overloaded.</summary>
    private static Dictionary<IMethodSymbol, string> SlotNames(List<IMethodSymbol> procedures) =>
        procedures.Select((p, i) => (p, i)).ToDictionary(
            x => x.p,
            x => procedures.Count(q => q.Name == x.p.Name) == 1 ? x.p.Name : $"{x.p.Name}__{x.i}",
            (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);

    /// <summary>
    /// On every procedure: the JIT must not inline one into its caller, where its activations would not
    /// show on the stack the runtime reads to tell which procedures are active.
    /// </summary>
    private static readonly AttributeListSyntax NotInlined = AttributeList(SingletonSeparatedList(Attribute(
        ParseName("global::System.Runtime.CompilerServices.MethodImpl"),
        AttributeArgumentList(SingletonSeparatedList(AttributeArgument(ParseExpression("global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining")))))));

    private static InvocationExpressionSyntax ThroughSlot(InvocationExpressionSyntax call, string slot)
    {
        // The call's own name token keeps its mark (see SourceMapping), so errors and stack lines stay on the user's line.
        static SimpleNameSyntax Renamed(SimpleNameSyntax name, string slot) =>
            name.WithIdentifier(name.Identifier.CopyAnnotationsTo(Identifier(name.Identifier.LeadingTrivia, slot, name.Identifier.TrailingTrivia)));
        ExpressionSyntax target = call.Expression switch
        {
            IdentifierNameSyntax name => Renamed(name, ForwarderPrefix + slot),
            MemberAccessExpressionSyntax access => access.WithName(Renamed(access.Name, ForwarderPrefix + slot)),
            _ => call.Expression,
        };
        return call.WithExpression(target);
    }

    private static AttributeListSyntax Marker(Compilation compilation, INamedTypeSymbol module, IMethodSymbol procedure, Dictionary<IMethodSymbol, string> slots)
    {
        var syntax = (MethodDeclarationSyntax)procedure.DeclaringSyntaxReferences[0].GetSyntax();
        var model = compilation.GetSemanticModel(syntax.SyntaxTree);
        var calls = ProcedureRules.CallsOnThis(model, syntax, module)
            .Where(c => slots.ContainsKey(c.Callee))
            .Select(c => ProcedureRules.Identity(c.Callee))
            .Distinct(StringComparer.Ordinal);
        var arguments = new[] { ProcedureRules.Identity(procedure), ProcedureRules.Fingerprint(syntax) }.Concat(calls)
            .Select(a => AttributeArgument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(a))));
        return AttributeList(SingletonSeparatedList(Attribute(ParseName("global::Midflight.Procedure"), AttributeArgumentList(SeparatedList(arguments)))));
    }

    /// <summary>The slot delegates and forwarders, the table class, its property and the override that creates it.</summary>
    private static MemberDeclarationSyntax[] TableMembers(INamedTypeSymbol module, List<IMethodSymbol> procedures, Dictionary<IMethodSymbol, string> slots, Compilation compilation)
    {
        var members = new List<MemberDeclarationSyntax>();
        var fields = new List<string>();
        foreach (var procedure in procedures)
        {
            var syntax = (MethodDeclarationSyntax)procedure.DeclaringSyntaxReferences[0].GetSyntax();
            var slot = slots[procedure];
            var returns = syntax.ReturnType.WithoutTrivia().ToFullString();
            var parameters = syntax.ParameterList.WithoutTrivia().ToFullString();
            var arguments = string.Join(", ", syntax.ParameterList.Parameters.Select(Passed));
            members.Add(ParseMemberDeclaration($"private delegate {returns} __mf_Slot_{slot}{parameters};")!);
            var result = syntax.ReturnType switch
            {
                PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } => "",
                RefTypeSyntax => "return ref ",
                _ => "return ",
            };
            members.Add(ParseMemberDeclaration($$"""
                [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                private {{returns}} {{ForwarderPrefix}}{{slot}}{{parameters}}
                {
                    if ({{TableField}}.{{slot}} is { } __mf_bound)
                    {
                        {{result}}__mf_bound({{arguments}});
                    }
                    else
                    {
                        {{result}}{{procedure.Name}}({{arguments}});
                    }
                }
                """)!);
            fields.Add($"{Marker(compilation, module, procedure, slots).ToFullString()} public __mf_Slot_{slot}? {slot};");
        }
        members.Add(ParseMemberDeclaration($$"""
            {{FieldUses(compilation, module)}}
            private sealed class {{TableClass}} : global::Midflight.ProcedureTable
            {
            #nullable enable
            #pragma warning disable CS0649 // the runtime binds a slot, by reflection, when its procedure is updated
                {{string.Join("\n", fields)}}
            #pragma warning restore CS0649
            #nullable restore
            }
            """)!);
        members.Add(ParseMemberDeclaration($"private {TableClass} {TableField} => global::System.Runtime.CompilerServices.Unsafe.As<{TableClass}>(Procedures)!;")!);
        members.Add(ParseMemberDeclaration($"protected override global::Midflight.ProcedureTable CreateProcedureTable() => new {TableClass}();")!);
        return [.. members];
    }

    /// <summary>For each instance field of the module, the methods whose code uses it (<see cref="FieldUseAttribute"/>): what a mapper's update must switch at once.</summary>
    private static string FieldUses(Compilation compilation, INamedTypeSymbol module)
    {
        var users = module.GetMembers().OfType<IFieldSymbol>()
            .Where(f => !f.IsStatic && !f.IsConst && !f.IsImplicitlyDeclared && !f.Name.StartsWith("__mf_", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var method in module.GetMembers().OfType<IMethodSymbol>())
        {
            foreach (var syntax in method.DeclaringSyntaxReferences.Select(r => r.GetSyntax()))
            {
                var model = compilation.GetSemanticModel(syntax.SyntaxTree);
                foreach (var name in syntax.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (model.GetSymbolInfo(name).Symbol is IFieldSymbol field
                        && SymbolEqualityComparer.Default.Equals(field.ContainingType, module)
                        && users.TryGetValue(field.Name, out var of))
                    {
                        of.Add(ProcedureRules.Identity(method));
                    }
                }
            }
        }
        return string.Concat(users.Select(u => $"[global::Midflight.FieldUse({string.Join(", ", u.Value.Prepend(u.Key).Select(a => SymbolDisplay.FormatLiteral(a, quote: true)))})]\n"));
    }

    /// <summary>A parameter passed on as it came: <c>ref</c>, <c>out</c> and <c>in</c> kept.</summary>
    private static string Passed(ParameterSyntax parameter)
    {
        var modifier = parameter.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword));
        return modifier == default ? "@" + parameter.Identifier.ValueText : $"{modifier.ValueText} @{parameter.Identifier.ValueText}";
    }
}
