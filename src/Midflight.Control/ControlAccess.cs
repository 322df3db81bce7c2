using System.Text;
using Midflight.Runtime;

namespace Midflight.Control;

/// <summary>
/// What the control API serves and whom: the running node, the node's own bearer token (the one
/// written to its <see cref="ControlFiles.TokenFile"/>, with every right), and the files whose grants
/// name the other tokens it accepts.
/// </summary>
public sealed class ControlAccess
{
    public ControlAccess(Node node, string token, ControlFiles? files = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentException.ThrowIfNullOrEmpty(token);
        Node = node;
        Token = Encoding.UTF8.GetBytes(token);
        Files = files;
    }

    public Node Node { get; }

    internal byte[] Token { get; }

    /// <summary>The node's files, whose grants name the other tokens accepted (<see cref="ControlGrants"/>); none: the node's own token alone.</summary>
    public ControlFiles? Files { get; }

    /// <summary>Opens the API of <paramref name="node"/> to the holder of a new token, written to the files of the node whose lock is <paramref name="running"/>.</summary>
    public static ControlAccess Open(Node node, NodeLock running)
    {
        ArgumentNullException.ThrowIfNull(running);
        return new ControlAccess(node, running.Files.CreateToken(), running.Files);
    }
}
