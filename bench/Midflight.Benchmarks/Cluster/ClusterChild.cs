using Midflight.Cluster;
using Midflight.Runtime;

namespace Midflight.Benchmarks.Cluster;

/// <summary>
/// <c>cluster-child --seed HOST:PORT --images FOLDER</c>: the child's side of <see cref="ClusterBenchmark"/>.
/// A member of the parent's cluster, which runs what the launch places and the moves bring on it, and
/// the raw baseline's counter; it runs until its standard input closes.
/// </summary>
internal static class ClusterChild
{
    public static async Task<int> RunAsync(string[] args)
    {
        var switches = Switches.Parse(args, "--seed", "--images");
        var secret = Environment.GetEnvironmentVariable(ChildProcess.SecretVariable)
            ?? throw new InvalidOperationException($"{ChildProcess.SecretVariable} is not set: the child is started by the cluster benchmark");
        using var loggers = BenchLogging.Create();
        var cluster = await ClusterNode.JoinAsync(new ClusterOptions
        {
            NodeName = ClusterWorkload.Child,
            Seeds = [switches["--seed"]],
            Secret = secret,
            ImageFolder = switches["--images"],
        }, loggers);
        await using (cluster)
        {
            await using var node = cluster.StartMember(new NodeOptions { LoggerFactory = loggers });
            var (raw, port) = RawRemote.Serve();
            try
            {
                Console.WriteLine($"{ChildProcess.ReadyPrefix}{port}");
                // The parent holds this input open; it closes when the parent is done, or dies.
                await Console.OpenStandardInput().CopyToAsync(Stream.Null);
            }
            finally
            {
                await raw.Terminate();
            }
        }
        return 0;
    }
}
