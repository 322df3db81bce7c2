using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Benchmarks;

/// <summary>
/// In-process bus throughput, one writer and one reader, one-integer messages, against a raw
/// unbounded channel moving the same messages between two tasks, and a channel bounded as the bus's
/// queues are (the node's default capacity, writers waiting when it is full). All are measured per
/// message in the same run; the Ratio column is time over the unbounded channel's, so the bus
/// delivers 1/Ratio of its rate. Target: Ratio at most 2. <see cref="BusListened"/> is the bus with a
/// listener on the node's meter collecting every 100 ms, as an exporter does (issue 17: at least 95%
/// of the bus's rate without one).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class BusThroughput : IModuleOutput, IDisposable
{
    public const int Messages = 1_000_000;

    private readonly FakeTimeProvider _time = new();
    private Node? _node;
    private TaskCompletionSource _burst = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private System.Diagnostics.Metrics.MeterListener? _listener;
    private Timer? _collections;

    [GlobalSetup(Target = nameof(Bus))]
    public void StartNode()
    {
        var assembly = typeof(BurstProducer).Assembly.Location;
        var configuration = ConfigurationParser.Parse($$"""
            module producer { source = "{{assembly}}#{{typeof(BurstProducer).FullName}}" :: define interface out pattern = {integer} }
            module consumer { source = "{{assembly}}#{{typeof(BurstConsumer).FullName}}" :: use interface in pattern = {integer} }
            module bench { instance producer instance consumer bind "producer out" "consumer in" }
            """, "bench.mil").Configuration!;
        _node = Node.StartAsync(configuration, new NodeOptions { Time = _time, Output = this }).GetAwaiter().GetResult();
        _node.WhenIdleAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup(Target = nameof(Bus))]
    public void StopNode() => _node!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [GlobalSetup(Target = nameof(BusListened))]
    public void StartListenedNode()
    {
        StartNode();
        long measured = 0;
        _listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == _node!.Meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref measured, value));
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref measured));
        _listener.Start();
        _collections = new Timer(_ => _listener.RecordObservableInstruments(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    [GlobalCleanup(Target = nameof(BusListened))]
    public void StopListenedNode()
    {
        Dispose();
        StopNode();
    }

    public void Dispose()
    {
        _collections?.Dispose();
        _listener?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public async Task<long> Channel()
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
        var reader = Task.Run(() => ReadAll(channel.Reader));
        await Task.Run(() =>
        {
            for (var i = 0; i < Messages; i++)
            {
                channel.Writer.TryWrite(i);
            }
        });
        return await reader;
    }

    private static async Task<long> ReadAll(ChannelReader<Message> reader)
    {
        long sum = 0;
        var read = 0;
        while (read < Messages && await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var message))
            {
                sum += message.Single<long>();
                read++;
            }
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> BoundedChannel()
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<Message>(
            new BoundedChannelOptions(new NodeOptions().QueueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        var reader = Task.Run(() => ReadAll(channel.Reader));
        await Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                if (!channel.Writer.TryWrite(i))
                {
                    await channel.Writer.WriteAsync(i);
                }
            }
        });
        return await reader;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task Bus()
    {
        // The producer must be back in its delay before the clock moves, or the tick is missed.
        await _node!.WhenIdleAsync();
        _burst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _burst.Task;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task BusListened() => Bus();

    void IModuleOutput.Print(string instance, string text) => _burst.TrySetResult();
}
