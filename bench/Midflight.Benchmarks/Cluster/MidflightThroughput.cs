using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Midflight.Runtime;

namespace Midflight.Benchmarks.Cluster;

/// <summary>
/// One burst across nodes: the clock ticks, the writer on the parent writes the burst on its binding to
/// the reader on the child, and prints the sum the reader answers on the binding back. Timed from the
/// tick to the print; the clock is the parent node's, a fake one, so that the harness decides when a burst starts.
/// </summary>
internal sealed class MidflightThroughput(int messages) : IModuleOutput
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _time = new();
    private TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The options of the parent's node: its clock and its output are this.</summary>
    public NodeOptions Options(ILoggerFactory loggers) => new() { Time = _time, Output = this, LoggerFactory = loggers };

    /// <summary>Runs one burst on <paramref name="node"/>, the parent's.</summary>
    /// <returns>The time from the tick to the writer's print of the reader's answer.</returns>
    public async Task<TimeSpan> BurstAsync(Node node)
    {
        // The writer must be back in its delay before the clock moves, or the tick is missed.
        await node.WhenIdleAsync();
        _answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(1));
        var answer = await _answer.Task.WaitAsync(Timeout);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var expected = ClusterWorkload.Sum(messages).ToString(CultureInfo.InvariantCulture);
        return answer == expected ? elapsed : throw new InvalidOperationException($"the reader summed {answer}, not {expected}: a message was lost or repeated");
    }

    void IModuleOutput.Print(string instance, string text)
    {
        if (instance == ClusterWorkload.Writer)
        {
            _answer.TrySetResult(text);
        }
    }
}
