using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Midflight.Benchmarks.Participation;

/// <summary>
/// The steady-state cost of participation code: the same workload, as written and prepared, in the
/// same run. Nothing asks for a reconfiguration, so all the prepared code does is its tests: a flag
/// after each call on the graph and the request test at each point (a method tests nothing at its
/// entry: resuming goes through its resuming copy).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ParticipationCost
{
    private Assembly _original = null!;
    private Assembly _prepared = null!;

    [Params("MergeSort", "BatchLoop", "Fibonacci")]
    public string Workload { get; set; } = "";

    [GlobalSetup]
    public void Setup() => (_original, _prepared) = (Workloads.Original, Workloads.Prepared);

    [Benchmark(Baseline = true)]
    public void Unprepared() => Workloads.Create(_original, Workload).Run();

    [Benchmark]
    public void Prepared() => Workloads.Create(_prepared, Workload).Run();
}
