namespace Midflight.Examples.Router;

/// <summary>
/// Forwards each packet it reads to the next hop, appending to the packet's trace the port its
/// routing procedure chose. Its procedures — <see cref="Forward"/>, and <c>NextHop</c> in
/// Router.Routing.cs — are updated one by one while it forwards (PODUS); its reconfiguration point
/// R, the read of the next packet, serves a module update.
/// </summary>
[ProcedureUpdates]
public sealed partial class Router : Module
{
    private Route[] routes = RoutingTable.Routes();
    private long forwarded;

    protected override void Run()
    {
        while (true)
        {
        R:
            var packet = Read("in");
            Write("out", Forward((int)packet[0].AsInteger(), packet[1].AsInteger()));
        }
    }

    private Message Forward(int destination, long trace)
    {
        forwarded++;
        return Message.Of(destination, trace * RoutingTable.Ports + NextHop(destination));
    }

    protected override void Divulge(DivulgedState state) => state.Set("forwarded", forwarded);

    protected override void Install(DivulgedState state) => forwarded = state.Get<long>("forwarded");
}
