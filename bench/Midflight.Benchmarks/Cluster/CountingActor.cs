using Akka.Actor;

namespace Midflight.Benchmarks.Cluster;

/// <summary>
/// The raw baseline's receiver, in the child: counts the frames it is sent and, once it has as many as
/// it was asked to expect, answers the asker with the count. The expectation comes from the ask's
/// temporary actor and the frames from no sender, so either may arrive first.
/// </summary>
internal sealed class CountingActor : ReceiveActor
{
    public const string Name = "counter";

    private long _count;
    private long _expected;
    private IActorRef? _asker;

    public CountingActor()
    {
        Receive<byte[]>(_ =>
        {
            _count++;
            AnswerIfDone();
        });
        Receive<long>(expected =>
        {
            _expected = expected;
            _asker = Sender;
            AnswerIfDone();
        });
    }

    private void AnswerIfDone()
    {
        if (_asker is not null && _count >= _expected)
        {
            _asker.Tell(_count);
            _asker = null;
            _count = 0;
        }
    }
}
