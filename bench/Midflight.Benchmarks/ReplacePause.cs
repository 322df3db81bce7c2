using BenchmarkDotNet.Attributes;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Benchmarks;

/// <summary>
/// The pause of a replace, in process, from the request to the new instance running again at its
/// point: a prepared module holding <see cref="StateBytes"/> of state in an array, stopped at the
/// bottom of a recursion <see cref="Frames"/> deep, blocked in a read. Each operation is one whole
/// replace (capture, snapshot, install, commit) and the wait until the new instance has rebuilt its
/// stack and blocks at its point again. Target: median under 5 ms for 1 MB and 100 frames. With
/// <see cref="Stable"/>, the holder is the one member of a stable group, kept in a SQLite stable store:
/// the pause then includes writing its version and state at the transaction's commit point.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 30, invocationCount: 16)]
public class ReplacePause : IModuleOutput
{
    private static readonly string[] Holder = ["holder"];

    private Node? _node;

    [Params(2, 100)]
    public int Frames { get; set; }

    [Params(0, 1 << 20)]
    public int StateBytes { get; set; }

    [Params(false, true)]
    public bool Stable { get; set; }

    [GlobalSetup]
    public void Start()
    {
        var configuration = PreparedModules.HolderApplication(Frames, StateBytes);
        var options = new NodeOptions { Output = this };
        if (Stable)
        {
            var kept = new GroupSpec("kept", Holder.ToEquatableArray(), Stable: true);
            configuration = configuration with { Application = configuration.Application with { Groups = Enumerable.Repeat(kept, 1).ToEquatableArray() } };
            options = options with { StableStore = SqliteStableStore.Open(Path.Combine(Directory.CreateTempSubdirectory("midflight-stable-").FullName, "bench.stable.db")) };
        }
        _node = Node.StartAsync(configuration, options).GetAwaiter().GetResult();
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

    public void Print(string instance, string text)
    {
    }
}
