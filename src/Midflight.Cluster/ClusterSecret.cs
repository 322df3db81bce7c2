using System.Security.Cryptography;
using System.Text;

namespace Midflight.Cluster;

/// <summary>
/// The cluster's shared secret, as the nodes use it: the name of their actor system is derived from
/// it. Akka.Remote delivers a message only to the system it is addressed to, by name, and a node
/// joins a cluster only through a seed of the same system; so a process that does not know the
/// secret can neither join nor send to a node. The secret itself never travels: only a hash of it.
/// </summary>
internal static class ClusterSecret
{
    /// <summary>The shortest secret accepted: 16 characters.</summary>
    public const int MinimumLength = 16;

    /// <summary>The actor system name of the cluster whose secret is <paramref name="secret"/>.</summary>
    /// <exception cref="ArgumentException">The secret is shorter than <see cref="MinimumLength"/>.</exception>
    public static string SystemName(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinimumLength)
        {
            throw new ArgumentException($"the cluster secret has {secret.Length} characters; it needs at least {MinimumLength}", nameof(secret));
        }
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "midflight cluster"u8);
        return "midflight-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
