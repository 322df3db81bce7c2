using BenchmarkDotNet.Attributes;
using Midflight.State;

namespace Midflight.Benchmarks.Participation;

/// <summary>
/// Capturing and restoring a stack of prepared frames, each with two live variables: a run that stops
/// at the point at the bottom and captures on the way out (snapshot taken), and a run that restores
/// the stack from that snapshot and finishes — against a plain run down and back of the same stack.
/// The per-frame figures are the differences divided by the number of frames.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CaptureRestore
{
    private Snapshot _snapshot = null!;
    private byte[] _encoded = [];

    [ParamsSource(nameof(AllDepths))]
    public int Depth { get; set; }

    public static IEnumerable<int> AllDepths => Workloads.Depths;

    private string Name => $"Deep{Depth}";

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = CaptureOnce();
        _encoded = SnapshotCodec.Encode(_snapshot);
    }

    [Benchmark(Baseline = true)]
    public void RunDownAndBack() => Workloads.Create(Workloads.Prepared, Name).Run();

    [Benchmark]
    public Snapshot RunDownAndCapture() => CaptureOnce();

    [Benchmark]
    public void RestoreAndFinish()
    {
        var module = Workloads.Create(Workloads.Prepared, Name);
        module.Participation.BeginRestore(module, _snapshot, handOver: false);
        module.Run();
    }

    [Benchmark]
    public byte[] Encode() => SnapshotCodec.Encode(_snapshot);

    [Benchmark]
    public Snapshot Decode() => SnapshotCodec.Decode(_encoded);

    private Snapshot CaptureOnce()
    {
        var module = Workloads.Create(Workloads.Prepared, Name);
        module.Participation.Request();
        module.Run();
        return module.Participation.TakeSnapshot(module, Name);
    }
}
