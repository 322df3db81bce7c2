namespace Midflight.Examples.Router;

/// <summary>The routing procedure, in a file of its own: a procedure update of it names a new version of this file alone.</summary>
public sealed partial class Router
{
    /// <summary>The port of the route whose range holds the destination: a scan of the table.</summary>
    private int NextHop(int destination)
    {
        foreach (var route in routes)
        {
            if (destination >= route.From && destination < route.To)
            {
                return route.Port;
            }
        }
        return 0;
    }
}
