using System.Globalization;
using Midflight.Model.Diagnostics;
using Midflight.Model.Syntax;

namespace Midflight.Model;

/// <summary>
/// Turns a syntax tree into the model, checking every rule that is not grammar: names are unique,
/// each interface has the patterns its kind needs, every binding joins interfaces that exist, face
/// each other and carry the same shapes. Every independent error is reported in one run, as a
/// compiler does: a module with errors of its own (a malformed source, say) is left out of the model,
/// but what of it is sound — its interfaces — is still checked against the bindings, while what its
/// errors leave unknown is not reported again.
/// </summary>
internal sealed class ConfigurationBinder(string file, List<Diagnostic> diagnostics)
{
    /// <summary>
    /// A module block as far as it bound: its specification if it has no errors, and in any case the
    /// interfaces that bound and the names of those declared with errors, so that a binding to one of
    /// those is not reported again as unknown.
    /// </summary>
    private sealed record BoundModule(string Name, ModuleSpec? Spec, IReadOnlyList<InterfaceSpec> Interfaces, IReadOnlySet<string> BrokenInterfaces);

    public Configuration? Bind(ConfigurationSyntax syntax)
    {
        var errorsBefore = diagnostics.Count;
        // Every module block that bound, with errors or not; only those without go into the model.
        var modules = new List<BoundModule>();
        var moduleNames = new HashSet<string>();
        var applications = new List<BlockSyntax>();
        foreach (var block in syntax.Blocks)
        {
            if (!moduleNames.Add(block.Name.Text))
            {
                Report(DiagnosticCodes.DuplicateModule, block.Name.Location, $"module '{block.Name.Text}' is already defined");
                continue;
            }
            if (block.Statements.Any(s => s is InstanceSyntax or BindSyntax or GroupSyntax))
            {
                applications.Add(block);
                var stray = block.Statements.FirstOrDefault(s => s is not (InstanceSyntax or BindSyntax or GroupSyntax));
                if (stray is not null)
                {
                    Report(DiagnosticCodes.MixedBlock, stray.Location,
                        $"module '{block.Name.Text}' lists instances and bindings, so it is an application and cannot also declare interfaces, attributes or reconfiguration points");
                }
            }
            else
            {
                modules.Add(BindModule(block));
            }
        }

        ApplicationSpec? application = null;
        if (applications.Count == 0)
        {
            var at = syntax.Blocks.Count > 0 ? syntax.Blocks[^1].Name.Location : new SourceLocation(file, 1, 1);
            Report(DiagnosticCodes.NoApplication, at, "no application: one module must list 'instance' and 'bind' statements");
        }
        else
        {
            foreach (var extra in applications.Skip(1))
            {
                Report(DiagnosticCodes.SeveralApplications, extra.Name.Location,
                    $"module '{extra.Name.Text}' is a second application; '{applications[0].Name.Text}' is already one");
            }
            application = BindApplication(applications[0], modules.ToDictionary(m => m.Name), applications.Select(a => a.Name.Text).ToHashSet());
        }

        return diagnostics.Count == errorsBefore && application is not null
            ? new Configuration(modules.Select(m => m.Spec!).ToEquatableArray(), application)
            : null;
    }

    private BoundModule BindModule(BlockSyntax block)
    {
        var name = block.Name.Text;
        ModuleSource? source = null;
        var sourceSeen = false;
        var errorsBefore = diagnostics.Count;
        var attributes = new List<ModuleAttribute>();
        var attributeNames = new HashSet<string>();
        var interfaces = new List<InterfaceSpec>();
        var interfaceNames = new HashSet<string>();
        var brokenInterfaces = new HashSet<string>();
        var points = new List<ReconfigurationPoint>();
        var pointLabels = new HashSet<string>();

        foreach (var statement in block.Statements)
        {
            switch (statement)
            {
                case AttributeSyntax attribute:
                    if (!attributeNames.Add(attribute.Name.Text))
                    {
                        Report(DiagnosticCodes.DuplicateAttribute, attribute.Location, $"attribute '{attribute.Name.Text}' is already set in module '{name}'");
                    }
                    else if (attribute.Name.Text == "source")
                    {
                        sourceSeen = true;
                        source = BindSource(attribute);
                    }
                    else
                    {
                        attributes.Add(new ModuleAttribute(attribute.Name.Text, attribute.Value.Text, KindOf(attribute.Value)));
                    }
                    break;
                case InterfaceSyntax @interface:
                    if (!interfaceNames.Add(@interface.Name.Text))
                    {
                        Report(DiagnosticCodes.DuplicateInterface, @interface.Name.Location, $"interface '{@interface.Name.Text}' is already declared in module '{name}'");
                    }
                    else if (BindInterface(@interface) is { } spec)
                    {
                        interfaces.Add(spec);
                    }
                    else
                    {
                        brokenInterfaces.Add(@interface.Name.Text);
                    }
                    break;
                case ReconfigurationPointsSyntax list:
                    foreach (var point in list.Points)
                    {
                        if (!pointLabels.Add(point.Label.Text))
                        {
                            Report(DiagnosticCodes.DuplicateReconfigurationPoint, point.Label.Location,
                                $"reconfiguration point '{point.Label.Text}' is already named in module '{name}'");
                            continue;
                        }
                        var variables = point.Variables?.Select(v => v.Text).ToEquatableArray();
                        points.Add(new ReconfigurationPoint(point.Label.Text, variables));
                    }
                    break;
            }
        }

        if (!sourceSeen)
        {
            Report(DiagnosticCodes.MissingSource, block.Name.Location,
                $"module '{name}' has no source; add source = \"Project.csproj{ModuleSource.Separator}Namespace.Class\"");
        }
        var module = diagnostics.Count > errorsBefore || source is null
            ? null
            : new ModuleSpec(name, source, interfaces.ToEquatableArray(), points.ToEquatableArray(), attributes.ToEquatableArray());
        return new BoundModule(name, module, interfaces, brokenInterfaces);
    }

    private ModuleSource? BindSource(AttributeSyntax attribute)
    {
        if (attribute.Value.Kind != TokenKind.String)
        {
            Report(DiagnosticCodes.MalformedSource, attribute.Value.Location, $"source must be a string, not {attribute.Value.Describe()}");
            return null;
        }
        var source = ModuleSource.TryParse(attribute.Value.Text, out var problem);
        if (source is null)
        {
            Report(DiagnosticCodes.MalformedSource, attribute.Value.Location, problem!);
        }
        return source;
    }

    private static AttributeValueKind KindOf(Token value) => value.Kind switch
    {
        TokenKind.Number => AttributeValueKind.Number,
        TokenKind.Identifier => AttributeValueKind.Identifier,
        _ => AttributeValueKind.String,
    };

    private InterfaceSpec? BindInterface(InterfaceSyntax syntax)
    {
        var clauses = new Dictionary<string, PatternSyntax>();
        var ok = true;
        foreach (var clause in syntax.Clauses)
        {
            var keyword = clause.Keyword.Text;
            if (!clauses.TryAdd(keyword, clause.Pattern))
            {
                Report(DiagnosticCodes.DuplicatePatternClause, clause.Keyword.Location, $"interface '{syntax.Name.Text}' has a second '{keyword}'");
                ok = false;
            }
            else if ((keyword == "accepts" && syntax.Kind != InterfaceKind.Client) || (keyword == "returns" && syntax.Kind != InterfaceKind.Server))
            {
                Report(DiagnosticCodes.ClauseNotAllowed, clause.Keyword.Location,
                    $"'{keyword}' belongs to a {(keyword == "accepts" ? "client" : "server")} interface, and '{syntax.Name.Text}' is a {syntax.Kind.Keyword()} interface");
                ok = false;
            }
        }
        if (!clauses.TryGetValue("pattern", out var pattern))
        {
            Report(DiagnosticCodes.MissingPattern, syntax.Name.Location, $"interface '{syntax.Name.Text}' has no pattern; add pattern = {{integer}} or the like");
            return null;
        }
        var replyKeyword = syntax.Kind switch
        {
            InterfaceKind.Client => "accepts",
            InterfaceKind.Server => "returns",
            _ => null,
        };
        if (replyKeyword is not null && !clauses.ContainsKey(replyKeyword))
        {
            Report(DiagnosticCodes.MissingReplyPattern, syntax.Name.Location,
                $"{syntax.Kind.Keyword()} interface '{syntax.Name.Text}' needs '{replyKeyword} {{…}}' to say the pattern of its reply");
            ok = false;
        }
        var capacity = BindCapacity(syntax, ref ok);
        var spec = new InterfaceSpec(
            syntax.Name.Text,
            syntax.Kind,
            ToPattern(pattern),
            clauses.TryGetValue("accepts", out var accepts) ? ToPattern(accepts) : null,
            clauses.TryGetValue("returns", out var returns) ? ToPattern(returns) : null,
            capacity);
        ok &= CheckNoReceivedMarks(syntax, spec.Outgoing, spec.Outgoing == spec.Pattern ? pattern : clauses.GetValueOrDefault("returns"));
        return ok ? spec : null;
    }

    private int? BindCapacity(InterfaceSyntax syntax, ref bool ok)
    {
        int? capacity = null;
        foreach (var clause in syntax.Capacities)
        {
            if (clause != syntax.Capacities[0])
            {
                Report(DiagnosticCodes.DuplicatePatternClause, clause.Keyword.Location, $"interface '{syntax.Name.Text}' has a second 'capacity'");
                ok = false;
            }
            else if (syntax.Kind is not (InterfaceKind.Use or InterfaceKind.Server))
            {
                Report(DiagnosticCodes.ClauseNotAllowed, clause.Keyword.Location, syntax.Kind == InterfaceKind.Client
                    ? $"'capacity' bounds the queue of a use or server interface; client interface '{syntax.Name.Text}' receives only the replies to its own requests, which bound its queue"
                    : $"'capacity' bounds the queue of a use or server interface; define interface '{syntax.Name.Text}' receives nothing");
                ok = false;
            }
            else if (!int.TryParse(clause.Value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var messages)
                || !InterfaceSpec.IsCapacity(messages))
            {
                Report(DiagnosticCodes.InvalidCapacity, clause.Value.Location,
                    $"the capacity of interface '{syntax.Name.Text}' is a whole number of messages from 1 to {InterfaceSpec.MaximumCapacity}, not {clause.Value.Text}");
                ok = false;
            }
            else
            {
                capacity = messages;
            }
        }
        return capacity;
    }

    private bool CheckNoReceivedMarks(InterfaceSyntax syntax, Pattern? sent, PatternSyntax? sentSyntax)
    {
        if (sent is null || sentSyntax is null)
        {
            return true;
        }
        var marked = sentSyntax.Fields.FirstOrDefault(f => f.Received);
        if (marked is null)
        {
            return true;
        }
        Report(DiagnosticCodes.ReceivedMarkOnSentField, marked.Location,
            $"'~' marks a field this side receives, but {syntax.Kind.Keyword()} interface '{syntax.Name.Text}' sends {sent}; remove the '~'");
        return false;
    }

    private static Pattern ToPattern(PatternSyntax syntax) =>
        new(syntax.Fields.Select(f => new PatternField(f.Type, f.Received)).ToEquatableArray());

    private ApplicationSpec BindApplication(BlockSyntax block, Dictionary<string, BoundModule> modules, HashSet<string> applicationNames)
    {
        var instances = new Dictionary<string, InstanceSpec>();
        var ordered = new List<InstanceSpec>();
        // Instances declared with errors of their own (of an unknown module, say): a binding to one is not reported again as unknown.
        var broken = new HashSet<string>();
        foreach (var syntax in block.Statements.OfType<InstanceSyntax>())
        {
            var moduleName = syntax.Module?.Text ?? syntax.Name.Text;
            var moduleLocation = (syntax.Module ?? syntax.Name).Location;
            if (instances.ContainsKey(syntax.Name.Text) || broken.Contains(syntax.Name.Text))
            {
                Report(DiagnosticCodes.DuplicateInstance, syntax.Name.Location, $"instance '{syntax.Name.Text}' is already declared");
                continue;
            }
            if (applicationNames.Contains(moduleName))
            {
                Report(DiagnosticCodes.UnknownModule, moduleLocation, $"'{moduleName}' is an application, not a module that can be instantiated");
                broken.Add(syntax.Name.Text);
                continue;
            }
            if (!modules.ContainsKey(moduleName))
            {
                Report(DiagnosticCodes.UnknownModule, moduleLocation, $"instance '{syntax.Name.Text}' names unknown module '{moduleName}'");
                broken.Add(syntax.Name.Text);
                continue;
            }
            var instance = new InstanceSpec(syntax.Name.Text, moduleName);
            instances.Add(instance.Name, instance);
            ordered.Add(instance);
        }

        var bindings = new List<BindingSpec>();
        // Looked up, not searched: an application of 100,000 bindings binds in linear time.
        var made = new HashSet<BindingSpec>();
        var servers = new Dictionary<Endpoint, BindingSpec>();
        foreach (var syntax in block.Statements.OfType<BindSyntax>())
        {
            if (BindBinding(syntax, instances, broken, modules, made, servers) is { } binding)
            {
                bindings.Add(binding);
            }
        }
        return new ApplicationSpec(block.Name.Text, ordered.ToEquatableArray(), bindings.ToEquatableArray())
        {
            Groups = BindGroups(block, instances, broken),
        };
    }

    private EquatableArray<GroupSpec> BindGroups(BlockSyntax block, Dictionary<string, InstanceSpec> instances, HashSet<string> broken)
    {
        var groups = new List<GroupSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var syntax in block.Statements.OfType<GroupSyntax>())
        {
            var name = syntax.Name.Text;
            if (!names.Add(name))
            {
                Report(DiagnosticCodes.DuplicateGroup, syntax.Name.Location, $"group '{name}' is already declared");
                continue;
            }
            if (instances.ContainsKey(name) || broken.Contains(name))
            {
                // A change names a group or an instance: one name must not mean both.
                Report(DiagnosticCodes.DuplicateGroup, syntax.Name.Location, $"group '{name}' has the name of an instance; name it apart, since a change names either");
                continue;
            }
            var members = new List<string>();
            foreach (var member in syntax.Members)
            {
                if (!instances.ContainsKey(member.Text))
                {
                    if (!broken.Contains(member.Text))
                    {
                        Report(DiagnosticCodes.UnknownGroupMember, member.Location, $"group '{name}' names unknown instance '{member.Text}'");
                    }
                    continue;
                }
                if (!groupOf.TryAdd(member.Text, name))
                {
                    Report(DiagnosticCodes.MemberOfTwoGroups, member.Location, groupOf[member.Text] == name
                        ? $"instance '{member.Text}' is listed twice in group '{name}'"
                        : $"instance '{member.Text}' is already a member of group '{groupOf[member.Text]}'; an instance is in one group at most");
                    continue;
                }
                members.Add(member.Text);
            }
            groups.Add(new GroupSpec(name, members.ToEquatableArray(), syntax.Stable is not null));
        }
        return groups.ToEquatableArray();
    }

    private BindingSpec? BindBinding(
        BindSyntax syntax, Dictionary<string, InstanceSpec> instances, HashSet<string> broken, Dictionary<string, BoundModule> modules,
        HashSet<BindingSpec> made, Dictionary<Endpoint, BindingSpec> servers)
    {
        // Both sides are resolved, so that a mistake in each is reported.
        var first = ResolveEndpoint(syntax.First, instances, broken, modules);
        var second = ResolveEndpoint(syntax.Second, instances, broken, modules);
        if (first is null || second is null)
        {
            return null;
        }
        if (BindingRules.Check(first.Value.Endpoint, first.Value.Interface, second.Value.Endpoint, second.Value.Interface, out var binding) is { } problem)
        {
            Report(problem.Code, syntax.Location, problem.Message);
            return null;
        }
        if (!made.Add(binding))
        {
            Report(DiagnosticCodes.DuplicateBinding, syntax.Location, $"binding {binding} is already made");
            return null;
        }
        var fromKind = first.Value.Endpoint == binding.From ? first.Value.Interface.Kind : second.Value.Interface.Kind;
        if (fromKind == InterfaceKind.Client && !servers.TryAdd(binding.From, binding))
        {
            made.Remove(binding);
            Report(DiagnosticCodes.ClientBoundTwice, syntax.Location,
                $"client interface '{binding.From}' is already bound to '{servers[binding.From].To}'; a client's request needs exactly one server");
            return null;
        }
        return binding;
    }

    private (Endpoint Endpoint, InterfaceSpec Interface)? ResolveEndpoint(
        Token text, Dictionary<string, InstanceSpec> instances, HashSet<string> broken, Dictionary<string, BoundModule> modules)
    {
        if (!Endpoint.TryParse(text.Text, out var endpoint))
        {
            Report(DiagnosticCodes.MalformedEndpoint, text.Location, $"endpoint \"{text.Text}\" must be an instance and an interface, as \"compute display\"");
            return null;
        }
        if (!instances.TryGetValue(endpoint.Instance, out var instance))
        {
            if (!broken.Contains(endpoint.Instance))
            {
                Report(DiagnosticCodes.UnknownInstance, text.Location, $"bind names unknown instance '{endpoint.Instance}'");
            }
            return null;
        }
        var module = modules[instance.Module];
        if (module.Interfaces.FirstOrDefault(i => i.Name == endpoint.Interface) is { } spec)
        {
            return (endpoint, spec);
        }
        if (!module.BrokenInterfaces.Contains(endpoint.Interface))
        {
            Report(DiagnosticCodes.UnknownInterface, text.Location, $"module '{module.Name}' of instance '{instance.Name}' has no interface '{endpoint.Interface}'");
        }
        return null; // or an interface declared with errors, already reported
    }

    private void Report(string code, SourceLocation location, string message) =>
        diagnostics.Add(Diagnostic.Error(code, location, message));
}
