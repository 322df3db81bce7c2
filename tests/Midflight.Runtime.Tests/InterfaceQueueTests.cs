using Midflight.Model;
using Midflight.Runtime.Bus;

namespace Midflight.Runtime.Tests;

/// <summary>
/// One queue, written by several threads and read by one at once, as the bus uses it: its count,
/// kept by writers and reader on lines of their own, agrees with what it holds, and its capacity holds
/// writers back.
/// </summary>
public sealed class InterfaceQueueTests
{
    private const int Writers = 4;
    private const int PerWriter = 20_000;
    private const int Capacity = 64;

    private sealed class Reader : IQueueReader
    {
        public ModuleStatus Status => ModuleStatus.Running;
    }

    [Fact]
    public async Task Writers_and_a_reader_at_once_lose_nothing_keep_each_writer_s_order_and_never_hold_more_than_the_capacity_lets_in()
    {
        var queue = new InterfaceQueue(new Endpoint("reader", "in"), new Doorbell(new ActivityTracker()), Capacity, new Reader(), tracer: null);
        var taken = new List<(long Writer, long Sequence)>(Writers * PerWriter);
        var mostCounted = 0;
        var reader = Task.Run(() =>
        {
            while (taken.Count < Writers * PerWriter)
            {
                mostCounted = Math.Max(mostCounted, queue.Count);
                if (queue.TryDequeue(out var envelope))
                {
                    taken.Add((envelope.Message[0].AsInteger(), envelope.Message[1].AsInteger()));
                }
            }
        });
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() =>
        {
            for (var sequence = 0; sequence < PerWriter; sequence++)
            {
                var envelope = new Envelope(Message.Of(writer, sequence));
                // A full queue returns itself: the writer tries again, as a held writer does once let go.
                while (queue.TryEnqueue(envelope) is not null)
                {
                    Thread.Yield();
                }
            }
        })).ToArray();

        await Task.WhenAll([.. writers, reader]).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Writers * PerWriter, taken.Count);
        for (var writer = 0; writer < Writers; writer++)
        {
            Assert.Equal(Enumerable.Range(0, PerWriter).Select(i => (long)i), taken.Where(t => t.Writer == writer).Select(t => t.Sequence));
        }
        Assert.Equal(0, queue.Count);
        Assert.True(queue.IsEmpty);
        // Writers test the capacity before they enqueue: as many as there are may pass the test at once.
        Assert.InRange(mostCounted, 0, Capacity + Writers);
    }

    [Fact]
    public void A_queue_at_its_capacity_turns_a_writer_back_until_its_reader_has_taken_one()
    {
        var queue = new InterfaceQueue(new Endpoint("reader", "in"), new Doorbell(new ActivityTracker()), 3, new Reader(), tracer: null);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(queue.TryEnqueue(new Envelope(Message.Of(i))));
        }

        Assert.Same(queue, queue.TryEnqueue(new Envelope(Message.Of(3))));
        Assert.Equal(3, queue.Count);
        Assert.True(queue.TryDequeue(out _));
        Assert.Null(queue.TryEnqueue(new Envelope(Message.Of(3))));
        Assert.Equal(3, queue.Count);
        Assert.Null(queue.TryEnqueue(new Envelope(Message.Of(4)), overCapacity: true));
        Assert.Equal(4, queue.Count);
    }
}
