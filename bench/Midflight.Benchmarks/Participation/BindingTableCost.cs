using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Midflight.Benchmarks.Participation;

/// <summary>
/// The steady-state cost of the binding table (procedure updates): the same workload as written and
/// opted in to procedure updates, in the same run, with no update. Every call between the module's
/// procedures goes through its slot; Fibonacci, whose calls do nothing but call, is the worst case.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BindingTableCost
{
    private Assembly _original = null!;
    private Assembly _tabled = null!;

    [Params("MergeSort", "BatchLoop", "Fibonacci")]
    public string Workload { get; set; } = "";

    [GlobalSetup]
    public void Setup() => (_original, _tabled) = (Workloads.Original, Workloads.Tabled);

    [Benchmark(Baseline = true)]
    public void WithoutTable() => Workloads.Create(_original, Workload).Run();

    [Benchmark]
    public void WithTable() => Workloads.Create(_tabled, Workload).Run();
}
