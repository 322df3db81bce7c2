using System.Collections.Immutable;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// What the checker must know of one committed change to judge the history: where it stands in the
/// trace, where each producer's messages go after it, and which readers' queues it empties on purpose.
/// </summary>
/// <param name="Change">The change, as the shrunk sequence prints it.</param>
/// <param name="Begin">The trace's length as it began: every message traced before was written or read before it.</param>
/// <param name="End">The trace's length once it ended: every message traced after was written or read after it.</param>
/// <param name="Routes">Where each producer's messages go after it (<see cref="SequenceApplication.Routes"/>).</param>
/// <param name="Emptied">The readers whose queue it removed without copying it: the bus may discard what they held, and what was on its way to them.</param>
internal sealed record ObservedChange(
    string Change,
    int Begin,
    int End,
    ImmutableDictionary<string, ImmutableSortedSet<string>> Routes,
    ImmutableHashSet<string> Emptied)
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
        var emptied = change.Discards(before).Concat(deleted).Select(SequenceApplication.Logical).ToImmutableHashSet(StringComparer.Ordinal);
        return new(change.ToString(), begin, end, SequenceApplication.Routes(after), emptied);
    }
}
