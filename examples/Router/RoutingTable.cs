namespace Midflight.Examples.Router;

/// <summary>The routes every router starts with: contiguous address ranges, sorted, each to a port.</summary>
public static class RoutingTable
{
    public const int AddressSpace = 1 << 16;

    public const int Ports = 4;

    /// <summary>Ranges of uneven widths, so that neither a scan nor a search finds every address at once.</summary>
    public static Route[] Routes()
    {
        var routes = new List<Route>();
        var from = 0;
        for (var i = 0; from < AddressSpace; i++)
        {
            var width = 256 + (i * 7919 % 3840);
            var to = Math.Min(from + width, AddressSpace);
            routes.Add(new Route(from, to, i * 5 % Ports));
            from = to;
        }
        return [.. routes];
    }
}

/// <summary>Addresses from <paramref name="From"/> up to, not including, <paramref name="To"/> leave by <paramref name="Port"/>.</summary>
public sealed record Route(int From, int To, int Port);
