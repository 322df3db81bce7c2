using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Midflight.Control;

/// <summary>
/// How <c>midflight dashboard</c> hands a token to the browser without putting it in a URL: the command
/// asks for a ticket with its token, opens the page with the ticket in the URL's fragment (which a
/// browser never sends, so no server's log keeps it), and the page redeems the ticket for the token.
/// A ticket is good once, for <see cref="Lifetime"/>: one seen later in a browser's history is spent.
/// </summary>
internal sealed class DashboardTickets(TimeProvider time)
{
    /// <summary>How long a ticket may wait to be redeemed: long enough for a browser to start.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _issued = new(StringComparer.Ordinal);

    /// <summary>A new ticket for <paramref name="token"/>: 256 random bits, URL-safe.</summary>
    public string Issue(string token)
    {
        var now = time.GetUtcNow();
        // Expired tickets go as new ones come: the dictionary holds at most what a minute issued.
        foreach (var (ticket, (_, expires)) in _issued)
        {
            if (expires <= now)
            {
                _issued.TryRemove(ticket, out _);
            }
        }
        var issued = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _issued[issued] = (token, now + Lifetime);
        return issued;
    }

    /// <summary>The token <paramref name="ticket"/> was issued for, once; null for a ticket unknown, spent or expired.</summary>
    public string? Redeem(string ticket) =>
        _issued.TryRemove(ticket, out var issued) && issued.Expires > time.GetUtcNow() ? issued.Token : null;
}
