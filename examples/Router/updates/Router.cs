namespace Midflight.Examples.Router;

/// <summary>
/// The router with a new <see cref="NextHop"/>: a binary search of the sorted routes in place of the
/// scan. It routes every address as the scan does, so the sink prints what it printed before.
/// Updated procedure-level: <c>midflight update router.mil edge --procedure NextHop --source updates/Router.cs</c>.
/// </summary>
[ProcedureUpdates]
public sealed class Router : Module
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

    /// <summary>The port of the route whose range holds the destination: a binary search of the table.</summary>
    private int NextHop(int destination)
    {
        int low = 0, high = routes.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var route = routes[middle];
            if (destination < route.From)
            {
                high = middle - 1;
            }
            else if (destination >= route.To)
            {
                low = middle + 1;
            }
            else
            {
                return route.Port;
            }
        }
        return 0;
    }

    protected override void Divulge(DivulgedState state) => state.Set("forwarded", forwarded);

    protected override void Install(DivulgedState state) => forwarded = state.Get<long>("forwarded");
}
