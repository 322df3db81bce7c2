namespace Midflight.Model;

/// <summary>
/// A named port of a module. <see cref="Pattern"/> is what a define sends, a use receives, a client
/// requests and a server is asked; <see cref="Accepts"/> is a client's reply and <see cref="Returns"/>
/// a server's.
/// </summary>
public sealed record InterfaceSpec(string Name, InterfaceKind Kind, Pattern Pattern, Pattern? Accepts = null, Pattern? Returns = null)
{
    /// <summary>The pattern of the messages this interface writes, or null if it writes none.</summary>
    public Pattern? Outgoing => Kind switch
    {
        InterfaceKind.Define or InterfaceKind.Client => Pattern,
        InterfaceKind.Server => Returns,
        _ => null,
    };

    /// <summary>The pattern of the messages queued for this interface to read, or null if it reads none.</summary>
    public Pattern? Incoming => Kind switch
    {
        InterfaceKind.Use or InterfaceKind.Server => Pattern,
        InterfaceKind.Client => Accepts,
        _ => null,
    };
}
