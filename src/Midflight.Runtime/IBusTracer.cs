namespace Midflight.Runtime;

/// <summary>
/// Sees every message a module writes and every message a module reads, on the module's own thread,
/// in that module's order, and every message the bus discards. For tests and diagnostics: it is
/// called on the hot path, so keep it cheap.
/// </summary>
public interface IBusTracer
{
    /// <summary>A module wrote a message: called as it writes, before the message is delivered (a write to a full queue may wait for room).</summary>
    void Written(string instance, string interfaceName, in Message message);

    void Read(string instance, string interfaceName, in Message message);

    /// <summary>
    /// The bus discarded a message queued for <paramref name="instance"/>'s interface, never to be read:
    /// its queue was removed without being copied, by a reconfiguration (on that reconfiguration's
    /// thread), or a writer reached it only after it was (on the writer's thread).
    /// </summary>
    void Discarded(string instance, string interfaceName, in Message message)
    {
    }
}
