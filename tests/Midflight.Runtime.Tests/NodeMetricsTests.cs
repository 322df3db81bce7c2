using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>
/// The node's meter, read as any .NET listener reads it (<see cref="MeterListener"/>) while the Monitor
/// runs and compute is replaced: the messages each interface sent and took are the bus's own counts,
/// the queues' depths are there, and the replace is counted, with its pause in the pause histogram and the size of the state it moved.
/// </summary>
public sealed class NodeMetricsTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_listener_sees_the_Monitor_s_messages_and_the_replace_with_its_pause()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(TestNodes.MonitorText), TestNodes.Options(time, recorder)));
        using var meter = new Listened(node.Meter);
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(20), Step);

        var replace = await Drive.CompleteAsync(node, time, node.ReplaceAsync("compute"), Step);
        await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReconfigureAsync(Reconfiguration.Of(new DeleteModule(ModuleRef.Current("nobody")))));
        await Drive.ForAsync(node, time, TimeSpan.FromSeconds(20), Step);
        meter.Collect();

        // The meter says whose it is: several nodes in one process are told apart by it.
        Assert.Contains(new KeyValuePair<string, object?>("midflight.application", "monitor"), node.Meter.Tags ?? []);
        // The bus's counts, as the tracer saw every message.
        Assert.Equal(recorder.CountOf("sensor", "out", written: true), meter.Last("midflight.messages.sent", ("sensor", "out")));
        Assert.Equal(recorder.CountOf("display", "temper", written: true), meter.Last("midflight.messages.sent", ("display", "temper")));
        Assert.Equal(recorder.CountOf("compute", "display", written: true), meter.Last("midflight.messages.sent", ("compute", "display")));
        Assert.Equal(recorder.CountOf("display", "temper", written: false), meter.Last("midflight.messages.delivered", ("display", "temper")));
        Assert.True(meter.Last("midflight.messages.sent", ("sensor", "out")) > 10);
        Assert.Equal(node.Status["compute"].QueueDepths["sensor"], meter.Last("midflight.queue.depth", ("compute", "sensor")));
        Assert.Empty(meter.All("midflight.messages.refused")); // a series appears with its first count
        // Since the listener began: the replace, committed, its pause recorded as it was measured; and a refused change.
        Assert.Equal([("committed", 1.0), ("failed", 1.0)], meter.Outcomes("midflight.reconfigurations"));
        Assert.Equal(replace.Paused.TotalMilliseconds, Assert.Single(meter.All("midflight.reconfiguration.pause")));
        Assert.Equal(2, meter.All("midflight.reconfiguration.duration").Count);
        // compute's stack, captured at its point and restored: as many frames as the replace moved.
        Assert.Equal(replace.MovedFrames["compute"], Assert.Single(meter.All("midflight.capture.frames")));
        Assert.Single(meter.All("midflight.capture.objects"));
    }

    [Fact]
    public async Task A_replace_is_one_trace_with_a_span_for_each_phase_of_its_transaction()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(TestNodes.MonitorText), TestNodes.Options(time, new Recorder())));
        var ended = new ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Midflight",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = ended.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        // The test's own trace: the node's changes in other tests, in this process, are in traces of their own.
        using var source = new System.Diagnostics.ActivitySource("Midflight.Tests");
        using var listenTests = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listenTests);
        ReconfigurationResult replace;
        System.Diagnostics.ActivityTraceId trace;
        using (var test = source.StartActivity("test")!)
        {
            trace = test.TraceId;
            replace = await Drive.CompleteAsync(node, time, node.ReplaceAsync("compute"), Step);
        }

        var spans = ended.Where(a => a.TraceId == trace).ToList();
        var root = Assert.Single(spans, a => a.OperationName == "midflight.reconfiguration");
        Assert.Equal("replace compute", root.GetTagItem("midflight.title"));
        Assert.Equal("committed", root.GetTagItem("midflight.outcome"));
        Assert.Equal(replace.Paused.TotalMilliseconds, root.GetTagItem("midflight.pause_ms"));
        Assert.Equal(["build and load", "check", "quiesce", "move state", "commit"],
            spans.Where(a => a.ParentSpanId == root.SpanId).OrderBy(a => a.StartTimeUtc).Select(a => a.OperationName));
    }

    /// <summary>What one meter's instruments measured, as a listener sees it.</summary>
    private sealed class Listened : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, string? Instance, string? Interface, string? Outcome, double Value)> _measured = new();

        public Listened(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Measured(instrument, value, tags));
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Measured(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Measured(instrument, value, tags));
            _listener.Start();
        }

        /// <summary>Has the observable instruments report now, as an exporter's collection does.</summary>
        public void Collect() => _listener.RecordObservableInstruments();

        public double Last(string instrument, (string Instance, string Interface) port) =>
            _measured.Last(m => m.Instrument == instrument && (m.Instance, m.Interface) == port).Value;

        public IReadOnlyList<(string?, double)> Outcomes(string instrument) => [.. _measured.Where(m => m.Instrument == instrument).Select(m => (m.Outcome, m.Value))];

        public IReadOnlyList<double> All(string instrument) => [.. _measured.Where(m => m.Instrument == instrument).Select(m => m.Value)];

        private void Measured(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? instance = null, name = null, outcome = null;
            foreach (var tag in tags)
            {
                instance = tag.Key == "midflight.instance" ? tag.Value as string : instance;
                name = tag.Key == "midflight.interface" ? tag.Value as string : name;
                outcome = tag.Key == "midflight.outcome" ? tag.Value as string : outcome;
            }
            _measured.Enqueue((instrument.Name, instance, name, outcome, value));
        }

        public void Dispose() => _listener.Dispose();
    }
}
