using System.Globalization;
using Midflight.Model;

namespace Midflight.Benchmarks.Cluster;

/// <summary>
/// The application the cluster benchmark launches across its two nodes: a writer on the parent that
/// writes bursts of integers across one binding to a reader on the child, which answers each burst
/// with its sum on a binding back; and a holder, which starts on the parent and is moved to and fro.
/// Compiled in process, with the burst's size in the code, and shipped to the child by the launch.
/// </summary>
internal static class ClusterWorkload
{
    public const string Parent = "parent";
    public const string Child = "child";
    public const string Writer = "writer";
    public const string Reader = "reader";
    public const string Holder = "holder";
    public const int HolderFrames = 100;
    public const int HolderStateBytes = 1 << 20;

    private const string Source = """
        namespace Workloads;

        public sealed class Writer : Midflight.Module
        {
            protected override void Run()
            {
                while (true)
                {
                    Delay(System.TimeSpan.FromSeconds(1));
                    for (var i = 0; i < MESSAGES; i++)
                    {
                        Write("out", i);
                    }
                    Print(Read<long>("done").ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        public sealed class Reader : Midflight.Module
        {
            protected override void Run()
            {
                while (true)
                {
                    long sum = 0;
                    for (var i = 0; i < MESSAGES; i++)
                    {
                        sum += Read<long>("in");
                    }
                    Write("done", sum);
                }
            }
        }
        """;

    /// <summary>Compiles the modules into <paramref name="folder"/> for bursts of <paramref name="messages"/>, and gives the configuration that runs them.</summary>
    public static Configuration Build(string folder, int messages)
    {
        var assembly = Path.Combine(folder, "ClusterWorkload.dll");
        var configuration = ConfigurationParser.Parse($$"""
            module writer { source = "{{assembly}}#Workloads.Writer" ::
              define interface out pattern = {integer} :: use interface done pattern = {integer} :: }
            module reader { source = "{{assembly}}#Workloads.Reader" :: machine = "{{Child}}" ::
              use interface in pattern = {integer} :: define interface done pattern = {integer} :: }
            module holder { source = "{{assembly}}#Workloads.Holder" ::
              use interface in pattern = {integer} :: reconfiguration point = {R} :: }
            module bench {
              instance writer instance reader instance holder
              bind "writer out" "reader in"
              bind "reader done" "writer done" }
            """, "bench.mil").Configuration!;
        PreparedModules.Build(assembly, configuration.Modules,
            Source.Replace("MESSAGES", messages.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            PreparedModules.Holder(HolderFrames, HolderStateBytes));
        return configuration;
    }

    /// <summary>What the reader answers to a whole burst: the sum of 0 to <paramref name="messages"/> − 1.</summary>
    public static long Sum(int messages) => (long)messages * (messages - 1) / 2;
}
