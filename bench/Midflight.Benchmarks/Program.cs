using BenchmarkDotNet.Running;
using Midflight.Benchmarks;
using Midflight.Benchmarks.Cluster;

// dotnet run -c Release --project bench/Midflight.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Midflight.Benchmarks -- cluster [--messages N] [--moves K]
// dotnet run -c Release --project bench/Midflight.Benchmarks -- router [--pairs N] [--reports K] [--every MS]
// dotnet run -c Release --project bench/Midflight.Benchmarks -- erlang [--changes K]
// dotnet run -c Release --project bench/Midflight.Benchmarks -- pause [--replaces K]
// dotnet run -c Release --project bench/Midflight.Benchmarks -- many [--modules N] [--replaces K]
// dotnet run -c Release --project bench/Midflight.Benchmarks -- participation [--pairs N]
// dotnet run -c Release --project bench/Midflight.Benchmarks -- bus [--pairs N]
// dotnet run -c Release --project bench/Midflight.Benchmarks -- lazy [--objects N] [--runs K]
// dotnet run -c Release --project bench/Midflight.Benchmarks -- drain [--work MS] [--runs K]
// The cluster benchmark spans two processes, which BenchmarkDotNet cannot, and the router's
// throughput is the sink's rate over windows of a long run, and the Erlang comparison runs erl beside
// the node, and the participation and bus pairs alternate two versions of a workload in one process: each
// is a harness of its own.
try
{
    return args switch
    {
        [ClusterBenchmark.Command, .. var rest] => await ClusterBenchmark.RunAsync(rest),
        [ChildProcess.Command, .. var rest] => await ClusterChild.RunAsync(rest),
        [RouterThroughput.Command, .. var rest] => await RouterThroughput.RunAsync(rest),
        [ErlangComparison.Command, .. var rest] => await ErlangComparison.RunAsync(rest),
        [PauseDistribution.Command, .. var rest] => await PauseDistribution.RunAsync(rest),
        [ManyModules.Command, .. var rest] => await ManyModules.RunAsync(rest),
        [Midflight.Benchmarks.Participation.ParticipationPairs.Command, .. var rest] => await Midflight.Benchmarks.Participation.ParticipationPairs.RunAsync(rest),
        [BusPairs.Command, .. var rest] => await BusPairs.RunAsync(rest),
        [LazyConversionPause.Command, .. var rest] => await LazyConversionPause.RunAsync(rest),
        [DrainedUpdateWait.Command, .. var rest] => await DrainedUpdateWait.RunAsync(rest),
        _ => Benchmarks(args),
    };
}
catch (SwitchException exception)
{
    await Console.Error.WriteLineAsync($"error: {exception.Message} (the usage of each harness is at the top of bench/Midflight.Benchmarks/Program.cs)");
    return 2;
}

static int Benchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
