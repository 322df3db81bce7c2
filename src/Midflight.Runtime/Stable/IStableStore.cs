namespace Midflight.Runtime;

/// <summary>
/// The durable store of stable groups (Argus's stable storage): each member's version and state,
/// written as a transaction that switches members commits, and as a member commits its state. A node
/// started again takes its stable members from it. Its writes are atomic: a node that dies in the
/// middle of one leaves the store as it was before it or as it is after it.
/// </summary>
public interface IStableStore
{
    /// <summary>The records of <paramref name="application"/>'s stable members; empty if it has none yet.</summary>
    /// <exception cref="StableStoreException">The store cannot be read.</exception>
    IReadOnlyList<StableRecord> Read(string application);

    /// <summary>Writes <paramref name="records"/> — versions and states — all of them or none, replacing what the store held of those members.</summary>
    /// <exception cref="StableStoreException">Nothing was written.</exception>
    void Write(string application, IReadOnlyList<StableRecord> records);

    /// <summary>Writes a member's state, committed by the member itself, keeping its version.</summary>
    /// <param name="application">The application.</param>
    /// <param name="instance">The member.</param>
    /// <param name="hash">The version the member runs: the write is refused if the store holds another.</param>
    /// <param name="state">Its fields, encoded.</param>
    /// <param name="at">When, by the node's clock.</param>
    /// <exception cref="StableStoreException">Nothing was written: the store failed, or holds another version of the member.</exception>
    void WriteState(string application, string instance, string hash, ReadOnlyMemory<byte> state, DateTimeOffset at);

    /// <summary>Deletes the records of every member of <paramref name="group"/>, all of them or none: the next node starts them as the configuration says.</summary>
    /// <returns>How many records there were.</returns>
    /// <exception cref="StableStoreException">Nothing was deleted.</exception>
    int Forget(string application, string group);
}
