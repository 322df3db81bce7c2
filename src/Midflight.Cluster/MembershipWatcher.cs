using Akka.Actor;
using Akka.Cluster;

namespace Midflight.Cluster;

/// <summary>Tells the cluster node what Akka.Cluster's membership and failure detector see: nodes up, unreachable, reachable again, removed.</summary>
internal sealed class MembershipWatcher : ReceiveActor
{
    public MembershipWatcher(ClusterNode cluster)
    {
        Receive<ClusterEvent.MemberUp>(up => cluster.MemberUp(up.Member));
        Receive<ClusterEvent.UnreachableMember>(unreachable => cluster.MemberUnreachable(unreachable.Member));
        Receive<ClusterEvent.ReachableMember>(reachable => cluster.MemberReachable(reachable.Member));
        Receive<ClusterEvent.MemberRemoved>(removed => cluster.MemberRemoved(removed.Member));
        ReceiveAny(_ => { });
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
