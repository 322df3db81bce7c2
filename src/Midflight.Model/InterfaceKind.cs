namespace Midflight.Model;

/// <summary>
/// The four kinds of interface. <c>define</c> sends, <c>use</c> receives; a <c>client</c> sends a
/// request and accepts a reply, a <c>server</c> accepts a request and returns a reply.
/// </summary>
public enum InterfaceKind
{
    Define,
    Use,
    Client,
    Server,
}

/// <summary>Facts about the interface kinds that the binder and the bus share.</summary>
public static class InterfaceKinds
{
    public static string Keyword(this InterfaceKind kind) => kind switch
    {
        InterfaceKind.Define => "define",
        InterfaceKind.Use => "use",
        InterfaceKind.Client => "client",
        InterfaceKind.Server => "server",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string keyword, out InterfaceKind kind)
    {
        switch (keyword)
        {
            case "define": kind = InterfaceKind.Define; return true;
            case "use": kind = InterfaceKind.Use; return true;
            case "client": kind = InterfaceKind.Client; return true;
            case "server": kind = InterfaceKind.Server; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>Whether a binding starts at this kind: the side that sends first.</summary>
    public static bool IsOutgoing(this InterfaceKind kind) => kind is InterfaceKind.Define or InterfaceKind.Client;

    /// <summary>The kind an outgoing interface of this kind binds to.</summary>
    public static InterfaceKind Counterpart(this InterfaceKind kind) => kind switch
    {
        InterfaceKind.Define => InterfaceKind.Use,
        InterfaceKind.Use => InterfaceKind.Define,
        InterfaceKind.Client => InterfaceKind.Server,
        InterfaceKind.Server => InterfaceKind.Client,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
