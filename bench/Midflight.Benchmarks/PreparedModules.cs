using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Midflight.Model;
using Midflight.Transform.Preparation;

namespace Midflight.Benchmarks;

/// <summary>Modules the benchmarks compile in process, prepared as a module project's build would prepare them.</summary>
internal static class PreparedModules
{
    private const string HolderSource = """
        namespace Workloads;

        public sealed class Holder : Midflight.Module
        {
            private int[] _state = new int[STATE / sizeof(int)];
            private long _sum;

            protected override void Run() => Descend(FRAMES - 2);

            private void Descend(int depth)
            {
                if (depth > 0)
                {
                    var marker = depth;
                    Descend(depth - 1);
                    _sum += marker;
                    return;
                }
                while (true)
                {
                R:
                    _sum += Read<int>("in");
                }
            }
        }
        """;

    private const string KeeperSource = """
        namespace Workloads;

        public sealed class Keeper : Midflight.Module
        {
            private readonly System.Collections.Generic.Dictionary<long, long> _entries = Filled(ENTRIES);
            private long _sum;

            private static System.Collections.Generic.Dictionary<long, long> Filled(int count)
            {
                var entries = new System.Collections.Generic.Dictionary<long, long>(count);
                for (var i = 1; i <= count; i++)
                {
                    entries[i] = i;
                }
                return entries;
            }

            protected override void Run()
            {
                while (true)
                {
                R:
                    _sum += Read<int>("in") + VERSION;
                }
            }
        }
        """;

    /// <summary>
    /// <c>Workloads.Keeper</c>, version <paramref name="version"/>: a map of <paramref name="entries"/>
    /// integers, as the Erlang comparison's gen_server holds, blocked in a read of <c>in</c> {integer}
    /// at its point <c>R</c>.
    /// </summary>
    public static string Keeper(int entries, int version) => KeeperSource
        .Replace("ENTRIES", entries.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("VERSION", version.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// <c>Workloads.Holder</c>: holds <paramref name="stateBytes"/> of state in an <c>int[]</c> and stands at
    /// the bottom of a recursion <paramref name="frames"/> deep (<c>Run</c> included), blocked in a read of
    /// <c>in</c> {integer} at its point <c>R</c>.
    /// </summary>
    public static string Holder(int frames, int stateBytes) => HolderSource
        .Replace("STATE", stateBytes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("FRAMES", frames.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// A configuration of one <see cref="Holder"/>, <c>holder</c>, its assembly built into a folder of its
    /// own: the module of the replace-pause benchmarks.
    /// </summary>
    public static Configuration HolderApplication(int frames, int stateBytes)
    {
        var assembly = Path.Combine(Directory.CreateTempSubdirectory("midflight-pause-").FullName, "PauseWorkload.dll");
        var configuration = ConfigurationParser.Parse($$"""
            module holder { source = "{{assembly}}#Workloads.Holder" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: }
            module bench { instance holder }
            """, "bench.mil").Configuration!;
        Build(assembly, configuration.Modules, Holder(frames, stateBytes));
        return configuration;
    }

    /// <summary>Prepares and compiles <paramref name="sources"/> against their specification into the assembly at <paramref name="path"/>, which the node loads.</summary>
    public static void Build(string path, IEnumerable<ModuleSpec> specification, params string[] sources)
    {
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(path),
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), $"Module{i}.cs")),
            ModuleReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        var prepared = ModulePreparer.Prepare(compilation, specification, "bench.mil");
        if (!prepared.Succeeded)
        {
            throw new InvalidOperationException(string.Join("\n", prepared.Diagnostics));
        }
        var emitted = ModulePreparer.Apply(compilation, prepared).Emit(path);
        if (!emitted.Success)
        {
            throw new InvalidOperationException(string.Join("\n", emitted.Diagnostics));
        }
    }
}
