using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Midflight.Cluster;

/// <summary>
/// A node's one actor, <c>/user/midflight</c>: every frame another node sends arrives here, in the
/// order that node sent it. Messages and fences are handled at once, in that order — which is what
/// keeps FIFO per binding; the steps of a change run beside it and are answered when done.
/// </summary>
internal sealed class NodeActor : ReceiveActor
{
    public const string Name = "midflight";

    public NodeActor(ClusterNode cluster, ILogger logger)
    {
        Receive<byte[]>(frame =>
        {
            try
            {
                switch (Wire.KindOf(frame))
                {
                    case Wire.DeliverKind:
                        cluster.Delivered(frame);
                        break;
                    case Wire.FenceKind:
                        cluster.Fenced(frame);
                        break;
                    case Wire.RequestKind:
                        var sender = Sender;
                        _ = cluster.HandleAsync(frame).ContinueWith(
                            answered => sender.Tell(answered.Result, ActorRefs.NoSender),
                            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                        break;
                    default:
                        throw new WireFormatException($"a frame of unknown kind {Wire.KindOf(frame)}");
                }
            }
            catch (WireFormatException exception)
            {
                ClusterLog.FrameDropped(logger, exception, Sender.Path.Address.ToString());
            }
        });
    }
}
