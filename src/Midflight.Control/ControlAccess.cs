using System.Text;
using Midflight.Runtime;

namespace Midflight.Control;

/// <summary>
/// What the control API serves and whom: the running node, and the bearer token a request must carry
/// (the one written to the node's <see cref="ControlFiles.TokenFile"/>).
/// </summary>
public sealed class ControlAccess
{
    public ControlAccess(Node node, string token)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentException.ThrowIfNullOrEmpty(token);
        Node = node;
        Token = Encoding.UTF8.GetBytes(token);
    }

    public Node Node { get; }

    internal byte[] Token { get; }

    /// <summary>Opens the API of <paramref name="node"/> to the holder of a new token, written to the files of the node whose lock is <paramref name="running"/>.</summary>
    public static ControlAccess Open(Node node, NodeLock running)
    {
        ArgumentNullException.ThrowIfNull(running);
        return new ControlAccess(node, running.Files.CreateToken());
    }
}
