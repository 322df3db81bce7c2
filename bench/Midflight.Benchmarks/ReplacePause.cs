using BenchmarkDotNet.Attributes;
using Midflight.Model;
using Midflight.Runtime;

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
    private Node? _node;

    [Params(2, 100)]
    public int Frames { get; set; }

    [Params(0, 1 << 20)]
    public int StateBytes { get; set; }

    [GlobalSetup]
    public void Start()
    {
        var configuration = PreparedModules.HolderApplication(Frames, StateBytes);
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

    public void Print(string instance, string text)
    {
    }
}
