using System.Globalization;
using Midflight.Runtime;

namespace Midflight.Benchmarks.Cluster;

/// <summary>What one run of the cluster benchmark measured, and its markdown table.</summary>
internal sealed record ClusterFigures(int Messages, int FrameBytes, IReadOnlyList<TimeSpan> Raw, IReadOnlyList<TimeSpan> Midflight, IReadOnlyList<ReconfigurationResult> Moves, IReadOnlyList<TimeSpan> Carries)
{
    public void Print(TextWriter output)
    {
        var raw = Spread.Of(Raw.Select(Rate));
        var midflight = Spread.Of(Midflight.Select(Rate));
        var pause = Spread.Of(Moves.Select(m => m.Paused.TotalMilliseconds));
        var duration = Spread.Of(Moves.Select(m => m.Duration.TotalMilliseconds));
        var carry = Spread.Of(Carries.Select(c => c.TotalMilliseconds));
        var megabytes = ClusterWorkload.HolderStateBytes / (1 << 20);
        output.WriteLine(Invariant($"""

            | {Messages:N0} messages a run; {Raw.Count} runs, {Moves.Count} moves | median | min | max |
            |---|---:|---:|---:|
            | raw Akka.Remote: `Tell` of a {FrameBytes}-byte `byte[]` | {raw.Median:N0} msg/s | {raw.Min:N0} msg/s | {raw.Max:N0} msg/s |
            | Midflight: one binding across nodes, one integer a message | {midflight.Median:N0} msg/s | {midflight.Min:N0} msg/s | {midflight.Max:N0} msg/s |
            | **Midflight / raw** (of the medians; target ≥ 0.8) | **{midflight.Median / raw.Median:0.00}** | | |
            | raw Akka.Remote: `Ask` with a {megabytes} MB `byte[]`, answered with its length | {carry.Median:0.00} ms | {carry.Min:0.00} ms | {carry.Max:0.00} ms |
            | Midflight: pause of a move across nodes ({megabytes} MB, {ClusterWorkload.HolderFrames} frames; target < 20 ms) | {pause.Median:0.00} ms | {pause.Min:0.00} ms | {pause.Max:0.00} ms |
            | Midflight: the whole move, from the request to the commit | {duration.Median:0.00} ms | {duration.Min:0.00} ms | {duration.Max:0.00} ms |

            raw runs: {Rates(Raw)} msg/s
            Midflight runs: {Rates(Midflight)} msg/s
            pauses: {Milliseconds(Moves.Select(m => m.Paused))} ms
            1 MB asks: {Milliseconds(Carries)} ms
            """));
    }

    private double Rate(TimeSpan elapsed) => Messages / elapsed.TotalSeconds;

    private string Rates(IEnumerable<TimeSpan> runs) => string.Join(", ", runs.Select(r => Invariant($"{Rate(r):N0}")));

    private static string Milliseconds(IEnumerable<TimeSpan> times) => string.Join(", ", times.Select(t => Invariant($"{t.TotalMilliseconds:0.0}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
