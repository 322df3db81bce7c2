namespace Midflight.Runtime.Bus;

/// <summary>
/// Keeps the replies to each client in the order of its requests while two versions of a server run
/// side by side: the draining version answers the requests it had read, the new one those that came
/// after, and a reply of the new one to a client goes only once the draining one owes that client
/// nothing. A client that sent two requests before the switch — the first read by the old version,
/// the second queued and taken by the new — gets the first answer first.
/// </summary>
/// <remarks>
/// Both versions' threads go through one lock, and only while the drain lasts: the new version asks
/// only until <see cref="IsSettled"/>. Held replies are delivered under the lock, so that a reply the
/// new version makes as the last owed one is answered cannot overtake them; a client's reply queue
/// has no bound, so the delivery never waits.
/// </remarks>
internal sealed class ReplyOrder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Inbox, int> _owed = [];
    private readonly Dictionary<Inbox, List<Envelope>> _held = [];
    private volatile bool _settled;

    /// <param name="owed">Where the draining version's replies go, one entry per request it has read and not answered.</param>
    public ReplyOrder(IEnumerable<Inbox> owed)
    {
        foreach (var client in owed)
        {
            _owed[client] = _owed.GetValueOrDefault(client) + 1;
        }
        _settled = _owed.Count == 0;
    }

    /// <summary>Whether the draining version owes no reply any more: the new version's replies go straight to their clients.</summary>
    public bool IsSettled => _settled;

    /// <summary>How many replies the draining version still owes.</summary>
    public int Owed
    {
        get
        {
            lock (_gate)
            {
                return _owed.Values.Sum();
            }
        }
    }

    /// <summary>The new version's reply to <paramref name="client"/>: held, and true, if the draining version still owes that client; false, to be delivered now, if not.</summary>
    public bool TryHold(Inbox client, in Envelope reply)
    {
        lock (_gate)
        {
            if (!_owed.ContainsKey(client))
            {
                return false;
            }
            if (!_held.TryGetValue(client, out var held))
            {
                _held[client] = held = [];
            }
            held.Add(reply);
            return true;
        }
    }

    /// <summary>The draining version has delivered a reply to <paramref name="client"/>: once it owes that client nothing more, the new version's replies held for it go, in order.</summary>
    public void Answered(Inbox client)
    {
        lock (_gate)
        {
            if (!_owed.TryGetValue(client, out var count))
            {
                return;
            }
            if (count > 1)
            {
                _owed[client] = count - 1;
                return;
            }
            _owed.Remove(client);
            if (_held.Remove(client, out var held))
            {
                foreach (var reply in held)
                {
                    // Forwarded, if the client's queue was retired meanwhile; never full (see remarks).
                    client.TryEnqueue(reply, overCapacity: true);
                }
            }
            _settled = _owed.Count == 0;
        }
    }
}
