using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Midflight.Model;
using Midflight.Runtime;
using Midflight.Runtime.Bus;

namespace Midflight.Benchmarks;

/// <summary>
/// The work of a message in a queue alone, one thread writing and taking in turn, so that no cache
/// line moves between cores: a module's queue (its lane) against a <c>ConcurrentQueue</c>, the store
/// a channel and the queue once kept their messages in. What shows here is the bus's own cost per
/// message, the part of the bus against a channel that a quiet machine shows (see <see cref="BusPairs"/>).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class QueuePath
{
    private const int Messages = 1000;

    private readonly InterfaceQueue _queue = new(new Endpoint("reader", "in"), new Doorbell(new ActivityTracker()), 10_000, new Reader(), tracer: null);
    private readonly ConcurrentQueue<Envelope> _items = new();
    private readonly Envelope _envelope = new(Message.Of(1));

    private sealed class Reader : IQueueReader
    {
        public ModuleStatus Status => ModuleStatus.Running;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public void ConcurrentQueue()
    {
        for (var i = 0; i < Messages; i++)
        {
            _items.Enqueue(_envelope);
            _items.TryDequeue(out _);
        }
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public void InterfaceQueue()
    {
        for (var i = 0; i < Messages; i++)
        {
            _queue.TryEnqueue(_envelope);
            _queue.TryDequeue(out _);
        }
    }
}
