using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Midflight.Model.Diagnostics;
using Diagnostic = Midflight.Model.Diagnostics.Diagnostic;
using DiagnosticSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace Midflight.Transform.Procedures;

/// <summary>
/// Compiles a procedure update in process, as DYMOS compiles against the saved symbols of the
/// running version: the module's sources as they are now are type-checked whole, then the changed
/// procedures alone are compiled again as static methods of a class of their own, bound to the
/// running version's assembly — its private fields, its binding table, its other procedures — and
/// checked against it. Nothing is built with <c>dotnet build</c>, and nothing runs.
/// </summary>
public static class ProcedureCompiler
{
    /// <summary>The class of an update's assembly that holds its procedures.</summary>
    public const string VersionClass = "__mf_ProcedureVersion";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CompiledUpdate Compile(ProcedureUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var trees = request.Sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path, Encoding.UTF8)).ToList();
        var running = MetadataReference.CreateFromImage(request.RunningAssembly);
        var references = request.References.Select(Reference).Append(running).ToList();
        var source = CSharpCompilation.Create("Midflight.ProcedureCheck", trees, references, Options());
        var errors = source.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Translate).ToList();
        if (errors.Count > 0)
        {
            return CompiledUpdate.Refused(errors, []);
        }
        var module = source.Assembly.GetTypeByMetadataName(request.ModuleType);
        var runningAssembly = (IAssemblySymbol)source.GetAssemblyOrModuleSymbol(running)!;
        var runningType = runningAssembly.GetTypeByMetadataName(request.ModuleType);
        var nowhere = new SourceLocation((request.Sources.Count > 0 ? request.Sources[0].Path : null) ?? request.ModuleType, 1, 1);
        if (module is null || runningType is null)
        {
            return CompiledUpdate.Refused([Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, nowhere,
                module is null ? $"the sources do not declare class '{request.ModuleType}'" : $"the running assembly has no class '{request.ModuleType}'")], []);
        }
        if (runningType.GetTypeMembers(Preparation.BindingTable.TableClass) is not [var table])
        {
            return CompiledUpdate.Refused([Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(module.Locations[0]),
                $"the running version of '{module.Name}' has no binding table: mark the class [ProcedureUpdates] and update the module (--with) once, then its procedures can be updated")], []);
        }
        return new Compiler(request, source, module, runningType, table).Compile();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Path, DateTime Written), MetadataReference> References = new();

    /// <summary>An assembly to compile against, read once per file version: the platform's alone are some two hundred files.</summary>
    private static MetadataReference Reference(string path) =>
        References.GetOrAdd((path, File.GetLastWriteTimeUtc(path)), static key => MetadataReference.CreateFromFile(key.Path));

    /// <summary>
    /// Compiles and emits a small class against <paramref name="references"/>, so that the first
    /// procedure update of a node does not pay for loading and compiling the compiler (seconds).
    /// </summary>
    public static void WarmUp(IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var tree = CSharpSyntaxTree.ParseText("namespace Midflight.WarmUp { internal static class C { public static int F(int[] a) => System.Linq.Enumerable.Sum(a) + $\"{a.Length}\".Length; } }", ParseOptions);
        var compilation = CSharpCompilation.Create("Midflight.WarmUp", [tree], references.Select(Reference), Options());
        using var image = new MemoryStream();
        compilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
    }

    /// <summary>Options that let the new code reach the running version's private members, as the class's own methods do.</summary>
    private static CSharpCompilationOptions Options()
    {
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable)
            .WithMetadataImportOptions(MetadataImportOptions.All);
        // Roslyn's own switch for code that binds to private members of metadata (as its debugger
        // evaluator does); it is internal, so it is set by name, and its absence is a clear failure.
        var flags = typeof(CSharpCompilationOptions).GetProperty("TopLevelBinderFlags", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("this Roslyn has no TopLevelBinderFlags: procedure updates need the version Midflight pins");
        flags.SetValue(options, Enum.Parse(flags.PropertyType, "IgnoreAccessibility"));
        return options;
    }

    internal static Diagnostic Translate(Microsoft.CodeAnalysis.Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        var location = span.IsValid ? new SourceLocation(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1) : new SourceLocation("(update)", 1, 1);
        return Diagnostic.Error(diagnostic.Id, location, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    internal static SourceLocation LocationOf(Location location) => Analysis.ModuleAnalysis.LocationOf(location);

    /// <summary>A slot of the running version's table: its field, and what its <c>[Procedure]</c> says.</summary>
    internal sealed record RunningSlot(string Field, string Fingerprint, IReadOnlyList<string> Calls, IMethodSymbol Invoke);

    private sealed class Compiler(ProcedureUpdateRequest request, CSharpCompilation source, INamedTypeSymbol module, INamedTypeSymbol runningType, INamedTypeSymbol table)
    {
        private readonly List<Diagnostic> _errors = [];
        private readonly List<string> _warnings = [];
        private readonly Dictionary<string, RunningSlot> _slots = Slots(table, request.Updated);
        private readonly HashSet<string> _runningMethods = runningType.GetMembers().OfType<IMethodSymbol>().Select(ProcedureRules.Identity).ToHashSet(StringComparer.Ordinal);
        private readonly Dictionary<string, IFieldSymbol> _addedFields = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IMethodSymbol> _mappers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _fieldGroups = new(StringComparer.Ordinal);

        public CompiledUpdate Compile()
        {
            var methods = module.GetMembers().OfType<IMethodSymbol>()
                .Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaringSyntaxReferences.Length == 1 && m.DeclaringSyntaxReferences[0].GetSyntax() is MethodDeclarationSyntax)
                .ToList();
            var selected = Select(methods);
            if (_errors.Count > 0)
            {
                return CompiledUpdate.Refused(_errors, _warnings);
            }
            if (selected.Count == 0)
            {
                return CompiledUpdate.Refused([Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(module.Locations[0]),
                    request.Procedures.Count == 0
                        ? $"no procedure of '{module.Name}' differs from the running version: nothing to update"
                        : $"{string.Join(", ", request.Procedures)} {(request.Procedures.Count == 1 ? "is" : "are")} the same as in the running version: nothing to update")], _warnings);
            }
            foreach (var (method, _, _) in selected)
            {
                CheckFields(method);
            }
            CheckMappers(selected);
            if (_errors.Count > 0)
            {
                return CompiledUpdate.Refused(_errors, _warnings);
            }
            var names = selected.Select((s, i) => (s.Method, Name: $"{s.Method.Name}__{i}"))
                .Concat(_mappers.Values.Select((m, i) => (Method: m, Name: $"{m.Name}__mapper{i}")))
                .ToDictionary(x => x.Method, x => x.Name, (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);
            var procedures = selected.Select(s => new CompiledProcedure(
                ProcedureRules.Identity(s.Method), s.Change, s.Slot, names[s.Method], Calls(s.Method),
                [.. Groups(s.Method), .. s.Slot is { } slot && _fieldGroups.TryGetValue(slot, out var fields) ? fields : []])).ToList();
            var text = VersionSource(selected, names);
            var assembly = Emit(text);
            if (assembly is null)
            {
                return CompiledUpdate.Refused(_errors, _warnings);
            }
            var runningCalls = _slots.ToDictionary(s => s.Key, s => s.Value.Calls, StringComparer.Ordinal);
            return new CompiledUpdate([], _warnings, assembly, $"{module.ContainingNamespace.ToDisplayString()}.{VersionClass}".TrimStart('.'), procedures,
                UpdatePlan.Of(procedures, runningCalls))
            {
                AddedFields = [.. _addedFields.Values.Select(f => new AddedField(f.Name, f.Type.ToDisplayString(), StaticProcedureRewriter.BoxOf(f.Name), InitialOf(f.Name))
                {
                    Mapper = _mappers.TryGetValue(f.Name, out var mapper) ? names[mapper] : null,
                    Users = _fieldGroups.Where(g => g.Value.Contains(MappedGroup(f.Name))).Select(g => g.Key).ToList(),
                })],
            };
        }

        /// <summary>The running table's slots, as the build made them or as an earlier update rebound them.</summary>
        private static Dictionary<string, RunningSlot> Slots(INamedTypeSymbol table, IReadOnlyDictionary<string, ProcedureAttribute> updated) =>
            Built(table).ToDictionary(
                s => s.Key,
                s => updated.TryGetValue(s.Key, out var now) ? s.Value with { Fingerprint = now.Fingerprint, Calls = now.Calls } : s.Value,
                StringComparer.Ordinal);

        private static Dictionary<string, RunningSlot> Built(INamedTypeSymbol table) =>
            table.GetMembers().OfType<IFieldSymbol>()
                .Select(f => (Field: f, Marker: f.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == nameof(ProcedureAttribute))))
                .Where(x => x.Marker is not null)
                .ToDictionary(
                    x => (string)x.Marker!.ConstructorArguments[0].Value!,
                    x => new RunningSlot(x.Field.Name, (string)x.Marker!.ConstructorArguments[1].Value!,
                        [.. x.Marker.ConstructorArguments[2].Values.Select(v => (string)v.Value!)], ((INamedTypeSymbol)x.Field.Type).DelegateInvokeMethod!),
                    StringComparer.Ordinal);

        /// <summary>The methods the update compiles: those named (or every changed one), their interprocedures, and the added methods they call.</summary>
        private List<(IMethodSymbol Method, ProcedureChange Change, string? Slot)> Select(List<IMethodSymbol> methods)
        {
            var named = request.Procedures.Count == 0
                ? methods.Where(m => Differs(m) || !_runningMethods.Contains(ProcedureRules.Identity(m))).ToList()
                : methods.Where(m => request.Procedures.Contains(m.Name, StringComparer.Ordinal) || request.Procedures.Contains(ProcedureRules.Identity(m), StringComparer.Ordinal)).ToList();
            foreach (var missing in request.Procedures.Where(p => !methods.Any(m => m.Name == p || ProcedureRules.Identity(m) == p)))
            {
                _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(module.Locations[0]), $"'{module.Name}' has no procedure '{missing}'"));
            }
            var interprocedures = methods.Select(m => (Method: m, Target: Interprocedure(m))).Where(x => x.Target is not null).ToList();
            var selected = new List<(IMethodSymbol Method, ProcedureChange Change, string? Slot)>();
            foreach (var method in named.Where(m => Interprocedure(m) is null))
            {
                var identity = ProcedureRules.Identity(method);
                if (_slots.ContainsKey(identity))
                {
                    if (Differs(method))
                    {
                        selected.Add((method, ProcedureChange.Changed, identity));
                    }
                }
                else if (_runningMethods.Contains(identity))
                {
                    var why = ProcedureRules.WhyNotProcedure(method, new HashSet<string>()) ?? "it is on the reconfiguration graph: its frames are captured at a point";
                    _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(method.Locations[0]),
                        $"'{identity}' is not a procedure of the running version's binding table ({why}); change it with a module update (--with)"));
                }
                else
                {
                    selected.Add((method, ProcedureChange.Added, null));
                }
            }
            // A running procedure the new sources drop: old code calls it through its slot.
            var dropped = _slots.Keys.Where(id => !methods.Any(m => ProcedureRules.Identity(m) == id)).ToList();
            foreach (var gone in dropped)
            {
                var converts = interprocedures.FirstOrDefault(i => i.Target == gone);
                var asked = request.Procedures.Count == 0 || request.Procedures.Contains(NameOf(gone), StringComparer.Ordinal);
                if (converts.Method is not null && asked)
                {
                    selected.Add((converts.Method, ProcedureChange.Interprocedure, gone));
                }
                else if (asked)
                {
                    _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(module.Locations[0]),
                        $"the new version drops '{gone}', which old code calls through its slot: mark a method with its signature [Interprocedure(\"{gone}\")] to convert those calls to the new procedure"));
                }
                else
                {
                    _warnings.Add($"'{gone}' is not in the new sources; it is not named, and keeps its running code");
                }
            }
            foreach (var (method, target) in interprocedures)
            {
                CheckInterprocedure(method, target!);
            }
            foreach (var method in methods.Where(m => Differs(m) && !selected.Any(s => SymbolEqualityComparer.Default.Equals(s.Method, m))))
            {
                _warnings.Add($"'{ProcedureRules.Identity(method)}' differs from the running version but is not named: it keeps its running code");
            }
            // The methods the new code calls that the running version does not have come with it.
            for (var i = 0; i < selected.Count; i++)
            {
                foreach (var callee in Callees(selected[i].Method).Where(c => !_runningMethods.Contains(ProcedureRules.Identity(c))))
                {
                    if (!selected.Any(s => SymbolEqualityComparer.Default.Equals(s.Method, callee)))
                    {
                        selected.Add((callee, ProcedureChange.Added, null));
                    }
                }
            }
            return selected;
        }

        private static string NameOf(string identity) => identity[..identity.IndexOf('(', StringComparison.Ordinal)];

        private bool Differs(IMethodSymbol method) =>
            _slots.TryGetValue(ProcedureRules.Identity(method), out var slot)
            && slot.Fingerprint != ProcedureRules.Fingerprint((MethodDeclarationSyntax)method.DeclaringSyntaxReferences[0].GetSyntax());

        private static string? Interprocedure(IMethodSymbol method) =>
            method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ProcedureRules.InterprocedureAttribute)?.ConstructorArguments[0].Value as string;

        /// <summary>The consistency check of an interprocedure: the signature of the procedure it stands for, exactly.</summary>
        private void CheckInterprocedure(IMethodSymbol method, string target)
        {
            if (!_slots.TryGetValue(target, out var slot))
            {
                _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(method.Locations[0]),
                    $"[Interprocedure(\"{target}\")] names no procedure of the running version; it has: {string.Join(", ", _slots.Keys.Order(StringComparer.Ordinal))}"));
                return;
            }
            var mine = ProcedureRules.Identity(method);
            var shape = $"{NameOf(target)}{mine[mine.IndexOf('(', StringComparison.Ordinal)..]}";
            var returns = method.ReturnType.ToDisplayString();
            var wanted = slot.Invoke.ReturnType.ToDisplayString();
            if (shape != target || returns != wanted || method.IsStatic)
            {
                _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(method.Locations[0]),
                    $"interprocedure '{mine}' returning {returns} does not stand for '{target}' returning {wanted}: it takes the old procedure's place, so it must be an instance method with its parameters and return type"));
            }
        }

        private IMethodSymbol? MapperOf(string field) =>
            module.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => m.GetAttributes().Any(a =>
                a.AttributeClass?.ToDisplayString() == "Midflight.StateMapperAttribute" && a.ConstructorArguments is [{ Value: string named }] && named == field));

        private static string MappedGroup(string field) => $"field {field}";

        /// <summary>The new sources' method with identity <paramref name="identity"/>, if they declare one.</summary>
        private IMethodSymbol? Declared(string identity) =>
            module.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => m.MethodKind == MethodKind.Ordinary && ProcedureRules.Identity(m) == identity && m.DeclaringSyntaxReferences is [{ }]);

        /// <summary>
        /// PODUS's mapper procedures: a field whose type changes is converted by its mapper from the
        /// running value, at the switch of the procedures that use it — all of them, the running
        /// version's users by its record (<see cref="FieldUseAttribute"/>), in one step, so that no code
        /// reads the old field once the mapper has run.
        /// </summary>
        private void CheckMappers(List<(IMethodSymbol Method, ProcedureChange Change, string? Slot)> selected)
        {
            var uses = table.GetAttributes().Where(a => a.AttributeClass?.Name == nameof(FieldUseAttribute))
                .ToDictionary(a => (string)a.ConstructorArguments[0].Value!, a => a.ConstructorArguments[1].Values.Select(v => (string)v.Value!).ToList(), StringComparer.Ordinal);
            foreach (var (field, mapper) in _mappers.ToList())
            {
                var running = request.AddedFields.GetValueOrDefault(field) ?? runningType.GetMembers(field).OfType<IFieldSymbol>().Single().Type.ToDisplayString();
                if (mapper.IsStatic || !mapper.ReturnsVoid || mapper.Parameters is not [var old] || old.Type.ToDisplayString() != running || old.RefKind != RefKind.None)
                {
                    _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(mapper.Locations[0]),
                        $"the mapper of field '{field}' in a procedure update takes the running field as it is: an instance method 'void {mapper.Name}({running} old)' that sets the new '{field}'"));
                    continue;
                }
                if (!uses.TryGetValue(field, out var users))
                {
                    _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(mapper.Locations[0]),
                        $"the running version does not record which methods use field '{field}' (it was built before Midflight recorded it): change its type with a module update (--with)"));
                    continue;
                }
                foreach (var user in users)
                {
                    if (!selected.Any(s => s.Slot == user) && _slots.ContainsKey(user) && Declared(user) is { } same)
                    {
                        // Its source is the same, its code is not: it reads the field in the new type.
                        selected.Add((same, ProcedureChange.Changed, user));
                        CheckFields(same);
                        _warnings.Add($"'{user}' is compiled again: it uses field '{field}', whose type the update changes");
                    }
                    if (selected.Any(s => s.Slot == user && s.Change != ProcedureChange.Added))
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(_fieldGroups, user, out _) ??= [];
                        _fieldGroups[user].Add(MappedGroup(field));
                    }
                    else
                    {
                        _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(mapper.Locations[0]),
                            $"field '{field}' changes from {running} to {_addedFields[field].Type.ToDisplayString()}, and '{user}' uses it in the running version"
                            + (_slots.ContainsKey(user)
                                ? $" and the new sources drop it: keep it, so that no code reads the old '{field}' after the mapper has run"
                                : $" and is not a procedure (it is on the reconfiguration graph, or the runtime calls it): change the field with a module update (--with)")));
                    }
                }
            }
        }

        /// <summary>
        /// A new procedure's fields are the running instance's: a field it uses must be there, in the same
        /// type — or be an instance field the new version adds, kept in the binding table's box.
        /// </summary>
        private void CheckFields(IMethodSymbol method)
        {
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            var model = source.GetSemanticModel(syntax.SyntaxTree);
            foreach (var name in syntax.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (model.GetSymbolInfo(name).Symbol is not { Kind: SymbolKind.Field or SymbolKind.Property or SymbolKind.Event } member
                    || !SymbolEqualityComparer.Default.Equals(member.ContainingType, module))
                {
                    continue;
                }
                var type = TypeOf(member);
                var there = runningType.GetMembers(member.Name).FirstOrDefault(m => m.Kind == member.Kind);
                // What the instance holds now: the box an earlier update gave the field, or the class's field.
                var boxed = request.AddedFields.GetValueOrDefault(member.Name);
                var current = boxed ?? (there is null ? null : TypeOf(there));
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && (boxed is not null || current != type))
                {
                    // The new code uses a box: the field's own (added, or converted before), or one its mapper fills.
                    if (current is not null && current != type)
                    {
                        if (MapperOf(field.Name) is not { } mapper)
                        {
                            _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(name.GetLocation()),
                                $"'{ProcedureRules.Identity(method)}' uses field '{field.Name}' ({type}), which the running instance has as {current}: convert it with a [StateMapper(\"{field.Name}\")] method that takes the running field as it is, or change its type with a module update (--with)"));
                            continue;
                        }
                        _mappers.TryAdd(field.Name, mapper);
                    }
                    _addedFields.TryAdd(field.Name, field);
                }
                else if (current != type)
                {
                    var what = member.Kind.ToString().ToLowerInvariant();
                    _errors.Add(Diagnostic.Error(DiagnosticCodes.ProcedureUpdateRefused, LocationOf(name.GetLocation()),
                        current is null
                            ? $"'{ProcedureRules.Identity(method)}' uses {what} '{member.Name}' ({type}), which the running instance does not have: a procedure update adds instance fields only; add a static field, a property or an event with a module update (--with)"
                            : $"'{ProcedureRules.Identity(method)}' uses {what} '{member.Name}' ({type}), which the running instance has as {current}: change a {what}'s type with a module update (--with)"));
                }
            }
            static string TypeOf(ISymbol symbol) => symbol switch
            {
                IFieldSymbol f => f.Type.ToDisplayString(),
                IPropertySymbol p => p.Type.ToDisplayString(),
                IEventSymbol e => e.Type.ToDisplayString(),
                _ => "",
            };
        }

        private IEnumerable<IMethodSymbol> Callees(IMethodSymbol method)
        {
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            var model = source.GetSemanticModel(syntax.SyntaxTree);
            return syntax.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Select(i => model.GetSymbolInfo(i).Symbol as IMethodSymbol)
                .OfType<IMethodSymbol>()
                .Where(c => SymbolEqualityComparer.Default.Equals(c.ContainingType, module) && c.MethodKind == MethodKind.Ordinary && c.DeclaringSyntaxReferences.Length == 1)
                .Distinct(SymbolEqualityComparer.Default)
                .Cast<IMethodSymbol>();
        }

        private string[] Calls(IMethodSymbol method) =>
            [.. Callees(method).Where(c => !c.IsStatic).Select(ProcedureRules.Identity).Distinct(StringComparer.Ordinal)];

        private static string[] Groups(IMethodSymbol method) =>
            [.. method.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == ProcedureRules.GroupAttribute).Select(a => (string)a.ConstructorArguments[0].Value!)];

        /// <summary>The update's source: the new procedures as static methods of one class, each mapped by <c>#line</c> to its place in the user's file.</summary>
        private string VersionSource(List<(IMethodSymbol Method, ProcedureChange Change, string? Slot)> selected, Dictionary<IMethodSymbol, string> allNames)
        {
            // The new code calls the methods it adds directly; a procedure with a slot it calls through
            // the slot, so that a later update of that procedure alone reaches these callers too.
            var names = allNames.Where(n => selected.Any(s => SymbolEqualityComparer.Default.Equals(s.Method, n.Key) && s.Change == ProcedureChange.Added))
                .ToDictionary(n => n.Key, n => n.Value, (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);
            var text = new StringBuilder("// <auto-generated/> A procedure update compiled by Midflight.\n");
            var declaring = module.DeclaringSyntaxReferences.Select(r => r.SyntaxTree.GetCompilationUnitRoot()).ToList();
            foreach (var directive in declaring.SelectMany(u => u.Usings).Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.ToString()).Distinct(StringComparer.Ordinal))
            {
                text.Append(directive).Append('\n');
            }
            foreach (var assembly in new[] { runningType.ContainingAssembly.Name, typeof(ProcedureAttribute).Assembly.GetName().Name! })
            {
                text.Append(CultureInfo.InvariantCulture, $"[assembly: global::System.Runtime.CompilerServices.IgnoresAccessChecksTo(\"{assembly}\")]\n");
            }
            var ns = module.ContainingNamespace.IsGlobalNamespace ? null : module.ContainingNamespace.ToDisplayString();
            text.Append(ns is null ? "" : $"namespace {ns}\n{{\n").Append(CultureInfo.InvariantCulture, $"internal static class {VersionClass}\n{{\n");
            var self = module.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            foreach (var (method, change, slot) in selected)
            {
                var syntax = (MethodDeclarationSyntax)method.DeclaringSyntaxReferences[0].GetSyntax();
                var rewriter = new StaticProcedureRewriter(source.GetSemanticModel(syntax.SyntaxTree), module, _slots, names, _addedFields.Keys.ToHashSet(StringComparer.Ordinal), _errors);
                var identity = ProcedureRules.Identity(method);
                var marker = new[] { identity, ProcedureRules.Fingerprint(syntax) }.Concat(Calls(method))
                    .Select(a => SymbolDisplay.FormatLiteral(a, quote: true));
                var parameters = ((ParameterListSyntax)rewriter.Visit(syntax.ParameterList)).Parameters.Select(p => p.WithoutTrivia().ToFullString());
                if (!method.IsStatic)
                {
                    parameters = parameters.Prepend($"{self} @this");
                }
                var modifiers = string.Concat(syntax.Modifiers.Where(m => m.IsKind(SyntaxKind.AsyncKeyword) || m.IsKind(SyntaxKind.UnsafeKeyword)).Select(m => m.Text + " "));
                text.Append(CultureInfo.InvariantCulture, $"[global::Midflight.Procedure({string.Join(", ", marker)})]\n")
                    .Append("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\n")
                    .Append(CultureInfo.InvariantCulture, $"public static {modifiers}{rewriter.Visit(syntax.ReturnType).WithoutTrivia().ToFullString()} {allNames[method]}{syntax.TypeParameterList?.ToString()}({string.Join(", ", parameters)})\n");
                AppendBody(text, syntax, rewriter);
            }
            foreach (var mapper in _mappers.Values)
            {
                var syntax = (MethodDeclarationSyntax)mapper.DeclaringSyntaxReferences[0].GetSyntax();
                var rewriter = new StaticProcedureRewriter(source.GetSemanticModel(syntax.SyntaxTree), module, _slots, names, _addedFields.Keys.ToHashSet(StringComparer.Ordinal), _errors);
                var old = mapper.Parameters[0];
                text.Append(CultureInfo.InvariantCulture, $"public static void {allNames[mapper]}({self} @this, {old.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)} @{old.Name})\n");
                AppendBody(text, syntax, rewriter);
            }
            foreach (var field in _addedFields.Values)
            {
                text.Append(AddedFieldMembers(field));
            }
            text.Append("}\n").Append(ns is null ? "" : "}\n");
            return text.ToString();
        }

        /// <summary>A method's body, rewritten, mapped by <c>#line</c> to its place in the user's file.</summary>
        private static void AppendBody(StringBuilder text, MethodDeclarationSyntax syntax, StaticProcedureRewriter rewriter)
        {
            var span = syntax.SyntaxTree.GetLineSpan(((SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!).Span);
            text.Append(CultureInfo.InvariantCulture, $"#line {span.StartLinePosition.Line + 1} \"{syntax.SyntaxTree.FilePath}\"\n")
                .Append(' ', span.StartLinePosition.Character);
            if (syntax.Body is { } body)
            {
                text.Append(rewriter.Visit(body).WithoutLeadingTrivia().ToFullString());
            }
            else
            {
                text.Append(rewriter.Visit(syntax.ExpressionBody!).WithoutLeadingTrivia().ToFullString()).Append(';');
            }
            text.Append("\n#line default\n");
        }

        private static string InitialOf(string field) => $"__mf_initial_{field}";

        /// <summary>An added field's box, and its initial value: its initializer as the new source writes it (which cannot read the instance), or its default.</summary>
        private string AddedFieldMembers(IFieldSymbol field)
        {
            var type = field.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            var declarator = (VariableDeclaratorSyntax)field.DeclaringSyntaxReferences[0].GetSyntax();
            var initial = declarator.Initializer is { } initializer
                ? new StaticProcedureRewriter(source.GetSemanticModel(declarator.SyntaxTree), module, _slots, new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default), new HashSet<string>(), _errors)
                    .Visit(initializer.Value).WithoutTrivia().ToFullString()
                : "default!";
            return $"public static global::System.Runtime.CompilerServices.StrongBox<{type}> {StaticProcedureRewriter.BoxOf(field.Name)} = null!;\n"
                + $"public static {type} {InitialOf(field.Name)}() => {initial};\n";
        }

        private byte[]? Emit(string text)
        {
            var globalUsings = string.Join("\n", source.SyntaxTrees.SelectMany(t => t.GetCompilationUnitRoot().Usings).Where(u => !u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.ToString()).Distinct(StringComparer.Ordinal));
            var trees = new[]
            {
                CSharpSyntaxTree.ParseText(text, ParseOptions, $"{module.Name}.procedures.{request.Version}.g.cs", Encoding.UTF8),
                CSharpSyntaxTree.ParseText(globalUsings, ParseOptions, "GlobalUsings.g.cs", Encoding.UTF8),
                CSharpSyntaxTree.ParseText(AccessAttribute, ParseOptions, "IgnoresAccessChecksTo.g.cs", Encoding.UTF8),
            };
            var compilation = CSharpCompilation.Create($"{runningType.ContainingAssembly.Name}.Procedures.{request.Version}", trees,
                source.References, source.Options);
            using var image = new MemoryStream();
            var emitted = compilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Translate).ToList();
            _errors.AddRange(errors.Select(e => e with { Message = $"{e.Message} (against the running version)" }));
            return emitted.Success && errors.Count == 0 ? image.ToArray() : null;
        }

        // The runtime honours this attribute for the assembly that declares it: the new code then
        // reaches the running module's private members, as the methods it replaces did.
        private const string AccessAttribute = """
            namespace System.Runtime.CompilerServices
            {
                [global::System.AttributeUsage(global::System.AttributeTargets.Assembly, AllowMultiple = true)]
                internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : global::System.Attribute
                {
                    public string AssemblyName { get; } = assemblyName;
                }
            }
            """;
    }
}
