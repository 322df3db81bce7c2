using Midflight.Model;

namespace Midflight.Runtime.Bus;

/// <summary>
/// One interface of one module instance as the bus holds it: the queue it reads (use, server, and a
/// client's replies) and the queues it writes to (define, client).
/// </summary>
internal sealed class InterfacePort
{
    public InterfacePort(Endpoint endpoint, InterfaceSpec spec, Doorbell reader)
    {
        Endpoint = endpoint;
        Spec = spec;
        Queue = spec.Incoming is null ? null : new InterfaceQueue(endpoint, reader);
        Outgoing = spec.Outgoing is { } sent ? new MessageShape(sent) : null;
        WaitDescription = $"read '{spec.Name}'";
    }

    public Endpoint Endpoint { get; }

    public InterfaceSpec Spec { get; }

    public InterfaceQueue? Queue { get; }

    /// <summary>What this interface may write (define and client: the pattern; server: the returns), or null if it writes nothing.</summary>
    public MessageShape? Outgoing { get; }

    /// <summary>
    /// The queues a write goes to. Replaced whole by a reconfiguration's commit (never mutated), so a
    /// writer sees either the old set or the new one; retirement forwarding covers a writer holding the old.
    /// </summary>
    public InterfaceQueue[] Targets
    {
        get => Volatile.Read(ref _targets);
        set => Volatile.Write(ref _targets, value);
    }

    private InterfaceQueue[] _targets = [];

    /// <summary>A server's requests read and not yet answered, oldest first: where each reply goes. Module thread only.</summary>
    public Queue<InterfaceQueue> RepliesOwed { get; } = new();

    public string WaitDescription { get; }
}
