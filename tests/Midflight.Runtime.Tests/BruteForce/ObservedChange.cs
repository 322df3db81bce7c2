using System.Collections.Immutable;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// What the checker must know of one committed change to judge the history: where it stands in the
/// trace, where each producer's messages go after it, and which readers' queued messages it
/// discarded on purpose, with how many each held as it began.
/// </summary>
/// <param name="Change">The change, as the shrunk sequence prints it.</param>
/// <param name="Begin">The trace's length as it began: every message traced before was written or read before it.</param>
/// <param name="End">The trace's length once it ended: every message traced after was written or read after it.</param>
/// <param name="Routes">Where each producer's messages go after it (<see cref="SequenceApplication.Routes"/>).</param>
/// <param name="Discarded">The readers whose queue it emptied without copying it, and how many messages each held as it began.</param>
/// <param name="Held">The producers it held still from its beginning to its commit (<see cref="RandomChange.Holds"/>).</param>
internal sealed record ObservedChange(
    string Change,
    int Begin,
    int End,
    ImmutableDictionary<string, ImmutableSortedSet<string>> Routes,
    ImmutableDictionary<string, int> Discarded,
    ImmutableHashSet<string> Held)
{
    /// <summary>
    /// Reads off a committed change from the application before and after it. A reader that was there
    /// before and is gone after was deleted with what it had queued; a change says which queues it
    /// emptied besides (<see cref="RandomChange.Discards"/>).
    /// </summary>
    public static ObservedChange Between(RandomChange change, ApplicationStatus before, int begin, ApplicationStatus after, int end)
    {
        var remaining = after.Instances.Select(i => SequenceApplication.Logical(i.Name)).ToHashSet(StringComparer.Ordinal);
        var deleted = before.Instances.Where(i => i.QueueDepths.ContainsKey("in") && !remaining.Contains(SequenceApplication.Logical(i.Name))).Select(i => i.Name);
        var discarded = change.Discards(before).Concat(deleted).Distinct(StringComparer.Ordinal)
            .ToImmutableDictionary(reader => reader, reader => before[reader].QueueDepths["in"], StringComparer.Ordinal);
        return new(change.ToString(), begin, end, SequenceApplication.Routes(after), discarded, [.. change.Holds()]);
    }
}
