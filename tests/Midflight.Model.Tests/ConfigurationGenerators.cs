using CsCheck;

namespace Midflight.Model.Tests;

/// <summary>CsCheck generators of configuration text and of valid configurations.</summary>
internal static class ConfigurationGenerators
{
    // Names include the language's contextual keywords on purpose: they must work as names too.
    private static readonly string[] NamePool =
        ["a", "b", "compute", "sensor", "x1", "_tmp", "module", "instance", "bind", "pattern", "interface", "use", "point", "accepts", "source2"];

    private static readonly string[] TextPieces =
    [
        "module", "instance", "bind", "source", "interface", "define", "use", "client", "server", "pattern", "accepts", "returns",
        "reconfiguration", "point", "integer", "float", "string", "boolean", "{", "}", "(", ")", "[", "]", ",", "=", ":", "::", "~",
        "\"a b\"", "\"x.dll#T\"", "\"", "\\", "/*", "*/", "//", "\n", " ", "-", "1", "-2.5", "$", "é", "\t", "\"unterminated",
    ];

    public static readonly Gen<string> Name = Gen.OneOf(NamePool);

    /// <summary>Text made of the language's own pieces, more likely to reach deep into the parser than random characters.</summary>
    public static readonly Gen<string> TokenSoup =
        Gen.OneOf(Gen.OneOf(TextPieces), Gen.String[0, 3]).Array[0, 60].Select(pieces => string.Join(" ", pieces));

    public static readonly Gen<string> RandomText = Gen.String[0, 200];

    private static readonly Gen<DataType> DataTypes =
        Gen.Select(Gen.Enum<ScalarKind>(), Gen.Int[0, 2], (scalar, depth) => new DataType(scalar, depth));

    private static Gen<Pattern> Patterns(bool mayMarkReceived) =>
        Gen.Select(DataTypes, Gen.Bool, (type, received) => new PatternField(type, mayMarkReceived && received))
            .Array[0, 3]
            .Select(fields => new Pattern(fields.ToEquatableArray()));

    /// <summary>A queue's capacity, where one is given: none, the smallest, any, or the largest.</summary>
    private static readonly Gen<int?> Capacities =
        Gen.OneOf(Gen.Const((int?)null), Gen.Const((int?)1), Gen.Int[1, InterfaceSpec.MaximumCapacity].Select(c => (int?)c), Gen.Const((int?)InterfaceSpec.MaximumCapacity));

    private static readonly Gen<InterfaceSpec> Interfaces =
        Gen.Select(Name, Gen.Enum<InterfaceKind>(), Patterns(true), Patterns(false), Patterns(true), Capacities)
            .Select((name, kind, received, sent, reply, capacity) => kind switch
            {
                InterfaceKind.Define => new InterfaceSpec(name, kind, Unmarked(sent)),
                InterfaceKind.Use => new InterfaceSpec(name, kind, received, Capacity: capacity),
                InterfaceKind.Client => new InterfaceSpec(name, kind, Unmarked(sent), Accepts: reply),
                _ => new InterfaceSpec(name, kind, received, Returns: Unmarked(sent), Capacity: capacity),
            });

    private static Pattern Unmarked(Pattern pattern) =>
        new(pattern.Fields.Select(f => f with { Received = false }).ToEquatableArray());

    private static readonly Gen<string> Awkward =
        Gen.String[Gen.Char["ab #\"\\\n\té/"], 0, 12];

    private static readonly Gen<ModuleSource> Sources =
        Gen.Select(Gen.String[Gen.Char["abc/._ #"], 1, 10], Gen.OneOf(".dll", ".csproj"), Gen.OneOf("A", "Ns.Type", "Deep.Name.Space.T"))
            .Select((path, extension, type) => new ModuleSource(path.Trim('#', ' ') + extension, type));

    private static readonly Gen<ModuleAttribute> Attributes = Gen.OneOf(
        Gen.Select(Name, Awkward, (name, value) => new ModuleAttribute(name, value, AttributeValueKind.String)),
        Gen.Select(Name, Gen.OneOf("0", "42", "-7", "3.25", "-0.5"), (name, value) => new ModuleAttribute(name, value, AttributeValueKind.Number)),
        Gen.Select(Name, Name, (name, value) => new ModuleAttribute(name, value, AttributeValueKind.Identifier)));

    private static readonly Gen<ReconfigurationPoint> Points =
        Gen.Select(Name, Name.Array[1, 3].Null(), (label, variables) =>
            new ReconfigurationPoint(label, variables?.Distinct().ToEquatableArray()));

    private static readonly Gen<ModuleSpec> Modules =
        Gen.Select(Name, Sources, Interfaces.Array[0, 4], Points.Array[0, 2], Attributes.Array[0, 2])
            .Select((name, source, interfaces, points, attributes) => new ModuleSpec(
                name,
                source,
                interfaces.DistinctBy(i => i.Name).ToEquatableArray(),
                points.DistinctBy(p => p.Label).ToEquatableArray(),
                attributes.Where(a => a.Name != "source").DistinctBy(a => a.Name).ToEquatableArray()));

    /// <summary>A valid configuration: bindings are drawn at random and kept where the binding rules allow them.</summary>
    public static readonly Gen<Configuration> Configurations =
        Gen.Select(Modules.Array[1, 4], Gen.Int[0, 1_000_000], (modules, seed) => Assemble(modules, new Random(seed)));

    private static Configuration Assemble(ModuleSpec[] generated, Random random)
    {
        var modules = generated.DistinctBy(m => m.Name).Where(m => m.Name != "app").ToList();
        var instances = modules
            .SelectMany(m => random.Next(3) == 0 ? [new InstanceSpec(m.Name, m.Name), new InstanceSpec(m.Name + "_2", m.Name)] : new[] { new InstanceSpec(m.Name, m.Name) })
            .ToList();
        var endpoints = instances
            .SelectMany(i => modules.First(m => m.Name == i.Module).Interfaces.Select(spec => (Endpoint: new Endpoint(i.Name, spec.Name), Spec: spec)))
            .ToList();
        var bindings = new List<BindingSpec>();
        for (var attempt = 0; attempt < 10 && endpoints.Count > 1; attempt++)
        {
            var a = endpoints[random.Next(endpoints.Count)];
            var b = endpoints[random.Next(endpoints.Count)];
            if (BindingRules.Check(a.Endpoint, a.Spec, b.Endpoint, b.Spec, out var binding) is null
                && !bindings.Contains(binding)
                && !(Kind(binding.From) == InterfaceKind.Client && bindings.Any(x => x.From == binding.From)))
            {
                bindings.Add(binding);
            }
        }
        // Groups of the instances in their order, some stable, each named apart from every instance.
        var groups = new List<GroupSpec>();
        for (var rest = instances.Select(i => i.Name).ToList(); rest.Count > 0 && random.Next(2) == 0;)
        {
            var members = rest.Take(random.Next(1, rest.Count + 1)).ToList();
            rest.RemoveRange(0, members.Count);
            groups.Add(new GroupSpec($"group_{groups.Count}_", members.ToEquatableArray(), random.Next(2) == 0));
        }
        return new Configuration(modules.ToEquatableArray(), new ApplicationSpec("app", instances.ToEquatableArray(), bindings.ToEquatableArray()) { Groups = groups.ToEquatableArray() });

        InterfaceKind Kind(Endpoint endpoint) => endpoints.First(e => e.Endpoint == endpoint).Spec.Kind;
    }
}
