using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.Transform.Preparation;

namespace Midflight.Benchmarks;

/// <summary>
/// The pause of a replace, in process, from the request to the new instance running again at its
/// point: a prepared module holding <see cref="StateBytes"/> of state in an array, stopped at the
/// bottom of a recursion <see cref="Frames"/> deep, blocked in a read. Each operation is one whole
/// replace (capture, snapshot, install, commit) and the wait until the new instance has rebuilt its
/// stack and blocks at its point again. Target: median under 5 ms for 1 MB and 100 frames.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 30, invocationCount: 16)]
public class ReplacePause : IModuleOutput
{
    private const string Source = """
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

    private Node? _node;

    [Params(2, 100)]
    public int Frames { get; set; }

    [Params(0, 1 << 20)]
    public int StateBytes { get; set; }

    [GlobalSetup]
    public void Start()
    {
        var assembly = Path.Combine(Directory.CreateTempSubdirectory("midflight-pause-").FullName, "PauseWorkload.dll");
        var configuration = ConfigurationParser.Parse($$"""
            module holder { source = "{{assembly}}#Workloads.Holder" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: }
            module bench { instance holder }
            """, "bench.mil").Configuration!;
        Build(Source.Replace("STATE", StateBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("FRAMES", Frames.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), configuration.Modules, assembly);
        _node = Node.StartAsync(configuration, new NodeOptions { Output = this }).GetAwaiter().GetResult();
        _node.WhenIdleAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Stop() => _node!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task Replace()
    {
        var result = await _node!.ReplaceAsync("holder");
        if (result.MovedFrames["holder"] != Frames)
        {
            throw new InvalidOperationException($"moved {result.MovedFrames["holder"]} frames, not {Frames}");
        }
        await _node.WhenIdleAsync();
    }

    /// <summary>Prepares and compiles the module against its specification, as its project's build would, into the file the node loads.</summary>
    private static void Build(string text, IEnumerable<ModuleSpec> specification, string path)
    {
        var compilation = CSharpCompilation.Create("PauseWorkload",
            [CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), "Holder.cs")],
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

    public void Print(string instance, string text)
    {
    }
}
