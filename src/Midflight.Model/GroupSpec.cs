namespace Midflight.Model;

/// <summary>
/// A group of instances that an update or a replace switches as one, all of its members in one
/// transaction or none (Argus's guardian): <c>group ledger {teller, auditor} stable</c>. A stable
/// group keeps its members' versions and states in a durable store, so that they survive a restart
/// of the node, together.
/// </summary>
/// <param name="Name">Named apart from every instance: a change names either.</param>
/// <param name="Members">Its instances, in the order written; an instance is in one group at most.</param>
/// <param name="Stable">Whether its members' versions and states are kept in the node's stable store.</param>
public sealed record GroupSpec(string Name, EquatableArray<string> Members, bool Stable);
