using CsCheck;
using Midflight.Model;
using Midflight.Runtime.Bus;
using Midflight.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>
/// The lane a queue keeps its messages in: places claimed in order, filled or skipped, taken by one
/// reader, across rings that fill, freeze and are followed by larger ones.
/// </summary>
public sealed class LaneTests
{
    /// <summary>One step against a lane: a message written, a place skipped, or the oldest taken.</summary>
    private enum Step
    {
        Write,
        Skip,
        Take,
    }

    [Fact]
    public void Any_run_of_writes_skips_and_takes_takes_the_messages_written_in_order_and_counts_what_it_holds()
    {
        // Writes outnumber takes, so runs cross several rings (the first holds 32) and wrap around in them.
        var steps = Gen.Frequency((5, Gen.Const(Step.Write)), (1, Gen.Const(Step.Skip)), (3, Gen.Const(Step.Take))).Array[0, 600];
        steps.SamplePinned(run =>
        {
            var lane = new Lane();
            var model = new List<long?>(); // a place: its message, or null where skipped
            var written = 0L;
            foreach (var step in run)
            {
                switch (step)
                {
                    case Step.Write:
                        Assert.True(lane.TryClaim(long.MaxValue, out var claim));
                        claim.Fill(new Envelope(Message.Of(written)));
                        model.Add(written++);
                        break;
                    case Step.Skip:
                        Assert.True(lane.TryClaim(long.MaxValue, out var skipped));
                        skipped.Skip();
                        model.Add(null);
                        break;
                    default:
                        var expected = model.FindIndex(m => m is not null);
                        Assert.Equal(expected >= 0, lane.TryTake(out var envelope));
                        if (expected >= 0)
                        {
                            Assert.Equal(model[expected], envelope.Message.Single<long>());
                        }
                        // The reader passes the skipped places before the message, or all of them when there is none.
                        model.RemoveRange(0, expected >= 0 ? expected + 1 : model.Count);
                        break;
                }
                Assert.Equal(model.Count, lane.Count);
                Assert.Equal(model.Count == 0, lane.IsEmpty);
                Assert.Equal(model.Where(m => m is not null).Select(m => m!.Value), lane.Snapshot().Select(e => e.Message.Single<long>()));
            }
        }, seed: "0N9OqBRxiF0Y", iter: 200);
    }

    [Fact]
    public void A_lane_at_its_capacity_claims_nothing_until_the_reader_takes()
    {
        var lane = new Lane();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(lane.TryClaim(100, out var claim));
            claim.Fill(new Envelope(Message.Of(i)));
        }

        Assert.False(lane.TryClaim(100, out _));
        Assert.Equal(100, lane.Count);
        Assert.True(lane.TryTake(out _));
        Assert.True(lane.TryClaim(100, out var next));
        next.Fill(new Envelope(Message.Of(100)));
        Assert.Equal(100, lane.Count);
    }

    [Fact]
    public async Task Writers_growing_it_through_many_rings_while_the_reader_takes_lose_nothing_and_keep_each_writer_s_order()
    {
        const int writers = 4;
        const int perWriter = 50_000;
        var lane = new Lane();
        var taken = new List<(long Writer, long Sequence)>(writers * perWriter);
        var reader = Task.Run(() =>
        {
            while (taken.Count < writers * perWriter)
            {
                if (lane.TryTake(out var envelope))
                {
                    taken.Add((envelope.Message[0].AsInteger(), envelope.Message[1].AsInteger()));
                }
            }
        });
        var writing = Enumerable.Range(0, writers).Select(writer => Task.Run(() =>
        {
            for (var sequence = 0; sequence < perWriter; sequence++)
            {
                // Over any capacity, as a copy or a write from another node is: the lane grows when a ring is full.
                Assert.True(lane.TryClaim(long.MaxValue, out var claim));
                claim.Fill(new Envelope(Message.Of(writer, sequence)));
            }
        })).ToArray();

        await Task.WhenAll([.. writing, reader]).WaitAsync(TimeSpan.FromSeconds(60));

        for (var writer = 0; writer < writers; writer++)
        {
            Assert.Equal(Enumerable.Range(0, perWriter).Select(i => (long)i), taken.Where(t => t.Writer == writer).Select(t => t.Sequence));
        }
        Assert.Equal(0, lane.Count);
        Assert.True(lane.IsEmpty);
    }

    /// <summary>
    /// A reader that waits on its doorbell for a message must be woken by every one, however the
    /// writer's publication and its look at the doorbell interleave with the reader's arming and its
    /// look at the queue: a request and its reply, a hundred thousand times in turn, each side waiting
    /// for the other. A lost wake-up leaves both waiting, and the bound fails the test.
    /// </summary>
    [Fact]
    public async Task Requests_and_replies_in_turn_wake_their_readers_every_time()
    {
        const int rounds = 100_000;
        var activity = new ActivityTracker();
        var (serverBell, clientBell) = (new Doorbell(activity), new Doorbell(activity));
        var requests = new InterfaceQueue(new Endpoint("server", "in"), serverBell, 10_000, new Reader(), tracer: null);
        var replies = new InterfaceQueue(new Endpoint("client", "replies"), clientBell, int.MaxValue, new Reader(), tracer: null);
        static Envelope Await(Doorbell bell, InterfaceQueue queue)
        {
            Envelope envelope;
            while (!queue.TryDequeue(out envelope))
            {
                bell.Block(() => !queue.IsEmpty); // no spin first: every wait arms the doorbell, where a wake-up can be lost
            }
            return envelope;
        }
        var server = Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < rounds; i++)
            {
                Assert.Null(replies.TryEnqueue(Await(serverBell, requests)));
            }
        }, TaskCreationOptions.LongRunning);
        var client = Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < rounds; i++)
            {
                Assert.Null(requests.TryEnqueue(new Envelope(Message.Of(i))));
                Assert.Equal(i, Await(clientBell, replies).Message.Single<long>());
            }
        }, TaskCreationOptions.LongRunning);

        await Task.WhenAll(server, client).WaitAsync(TimeSpan.FromSeconds(60));
    }

    private sealed class Reader : IQueueReader
    {
        public ModuleStatus Status => ModuleStatus.Running;
    }
}
