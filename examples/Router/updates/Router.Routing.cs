namespace Midflight.Examples.Router;

/// <summary>
/// A new NextHop: a binary search of the sorted routes in place of the scan. It routes every address
/// as the scan does, so the sink prints what it printed before. It replaces Router.Routing.cs in a
/// procedure update: <c>midflight update router.mil edge --procedure NextHop --source updates/Router.Routing.cs</c>.
/// </summary>
public sealed partial class Router
{
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
}
