using BenchmarkDotNet.Running;
using Midflight.Benchmarks.Cluster;

// dotnet run -c Release --project bench/Midflight.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Midflight.Benchmarks -- cluster [--messages N] [--moves K]
// The cluster benchmark spans two processes, which BenchmarkDotNet cannot: it is a harness of its own.
return args switch
{
    [ClusterBenchmark.Command, .. var rest] => await ClusterBenchmark.RunAsync(rest),
    [ChildProcess.Command, .. var rest] => await ClusterChild.RunAsync(rest),
    _ => Benchmarks(args),
};

static int Benchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
