namespace Midflight.Model;

/// <summary>
/// A named port of a module. <see cref="Pattern"/> is what a define sends, a use receives, a client
/// requests and a server is asked; <see cref="Accepts"/> is a client's reply and <see cref="Returns"/>
/// a server's. <see cref="Capacity"/> bounds the queue of a use or server interface, in messages;
/// null leaves it to the node's default.
/// </summary>
public sealed record InterfaceSpec(string Name, InterfaceKind Kind, Pattern Pattern, Pattern? Accepts = null, Pattern? Returns = null, int? Capacity = null)
{
    /// <summary>The largest capacity a queue may be given: a billion messages.</summary>
    public const int MaximumCapacity = 1_000_000_000;

    /// <summary>Whether <paramref name="messages"/> can be a queue's capacity: 1 to <see cref="MaximumCapacity"/>.</summary>
    public static bool IsCapacity(int messages) => messages is >= 1 and <= MaximumCapacity;

    /// <summary>
    /// Whether <see cref="Capacity"/> may be set: a use or server interface, whose queue its writers
    /// fill. A client's queue holds only the replies to its own requests in flight, which bound it.
    /// </summary>
    public bool IsBounded => Kind is InterfaceKind.Use or InterfaceKind.Server;

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
