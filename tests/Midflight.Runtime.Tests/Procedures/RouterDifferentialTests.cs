using System.Threading.Channels;
using CsCheck;
using Midflight.Model;
using Midflight.Runtime.Procedures;
using Midflight.Testing;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>
/// The differential standard for procedure updates: the Router example, its routers' NextHop
/// updated procedure-level at random moments between a scan and a binary search that route every
/// address alike, prints exactly what it prints without updates — no packet lost, repeated or
/// routed otherwise, in the middle of a full-speed stream. Fixed seeds in CI.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class RouterDifferentialTests
{
    /// <summary>The sink's reports compared: 100,000 packets each.</summary>
    private const int Reports = 8;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Routers_updated_procedure_level_at_random_moments_print_what_they_print_without_updates()
    {
        var expected = await RunAsync([]);
        Assert.Equal(Reports, expected.Count);

        // Each update: after which report, and which router (the other router is left as it is).
        var updates = Gen.Select(Gen.Int[1, Reports - 1], Gen.Bool).Array[1, 3];
        await updates.SamplePinnedAsync(async drawn => Assert.Equal(expected, await RunAsync(drawn)),
            seed: "0N0XIzNsQ0O2", iter: 4, print: drawn => string.Join(", ", drawn.Select(u => $"{(u.Item2 ? "edge" : "core")} after {u.Item1}")), shrink: 4);
    }

    /// <summary>Runs the network for <see cref="Reports"/> reports, updating a router's NextHop after each report drawn; the sink's lines.</summary>
    private static async Task<List<string>> RunAsync((int AfterReport, bool Edge)[] updates)
    {
        var folder = ExampleFolders.Of("Router");
        var sink = new SinkLines();
        var parsed = ConfigurationParser.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "router.mil")), "router.mil");
        await using var node = await Node.StartAsync(parsed.Configuration!, new NodeOptions
        {
            BaseDirectory = folder,
            ProjectBuilder = new PrebuiltAssemblies(AppContext.BaseDirectory),
            Output = sink,
        });
        // Each router alternates between the binary search and the scan it started with.
        var sources = new[] { Path.Combine(folder, "updates", "Router.Routing.cs"), Path.Combine(folder, "Router.Routing.cs") };
        var updated = new Dictionary<string, int> { ["edge"] = 0, ["core"] = 0 };
        using var bound = new CancellationTokenSource(Bound);
        var lines = new List<string>();
        while (lines.Count < Reports)
        {
            lines.Add(await sink.Lines.ReadAsync(bound.Token));
            foreach (var (_, edge) in updates.Where(u => u.AfterReport == lines.Count))
            {
                var router = edge ? "edge" : "core";
                var result = await node.UpdateProceduresAsync(router, new ProcedureUpdateOptions { Procedures = ["NextHop"], Source = sources[updated[router]++ % 2] }, bound.Token);
                Assert.True(result.Switched, $"{router}'s NextHop did not switch");
            }
        }
        return lines;
    }

    private sealed class SinkLines : IModuleOutput
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public ChannelReader<string> Lines => _lines.Reader;

        public void Print(string instance, string text)
        {
            if (instance == "sink")
            {
                _lines.Writer.TryWrite(text);
            }
        }
    }
}
