using System.Collections.Immutable;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// Checks a recorded history of a random run, Jepsen-style, once every producer has stopped and
/// every queue has drained. The rule is exactly once and in order per binding: each origin wrote
/// 0, 1, 2, … with no gap or repeat (its state was never lost); each message was read once by each
/// reader its producer was bound to when it wrote it, and by no other — or discarded by the bus,
/// once, from that reader's queue, while a change that removed that queue on purpose ran; each
/// reader read each origin's messages in the order written; and every reply the client got was its
/// request's.
/// </summary>
/// <remarks>
/// <para>
/// Where a producer's messages go changes only with a committed change (<see cref="ObservedChange"/>),
/// and the switch is atomic: the commit replaces the producer's targets whole, so each message goes to
/// the readers before or to the readers after, and once one goes to those after, all later ones do.
/// A write is traced as it is made, before its delivery (which may wait for room in a full queue). A
/// message written before the change began went to the readers before; one written after it ended,
/// to the readers after; for those written while it ran — modules go on while a change waits for a
/// quiet moment, unless it holds them still — the checker finds the switch from what was read, the
/// first message that matches the readers after. Readers are counted by <see cref="SequenceApplication.Logical"/> name: a replica
/// reads on its instance's binding.
/// </para>
/// <para>
/// The bus tells each message it discards (<see cref="IBusTracer.Discarded"/>). A discard is only
/// allowed from a queue a change removed on purpose, of a message written before that change ended,
/// at or after the moment it began — late, if its writer was held at another full queue the message
/// was also bound for. A message both discarded and read, or neither, is a violation.
/// </para>
/// </remarks>
internal static class DeliveryHistory
{
    public static IReadOnlyList<string> Violations(
        Recorder recorder, ImmutableDictionary<string, ImmutableSortedSet<string>> initialRoutes, IReadOnlyList<ObservedChange> changes)
    {
        var violations = new List<string>();
        var trace = recorder.Trace;
        var writes = new Dictionary<string, List<(long Number, int At)>>(StringComparer.Ordinal);
        var reads = new Dictionary<(string Origin, string Reader), List<long>>();
        for (var at = 0; at < trace.Count; at++)
        {
            var traced = trace[at];
            if (traced.Written && traced.Interface == "out")
            {
                Add(writes, traced.Message[0].AsString(), (traced.Message[1].AsInteger(), at));
            }
            else if (!traced.Written && traced.Interface == "in")
            {
                Add(reads, (traced.Message[0].AsString(), SequenceApplication.Logical(traced.Instance)), traced.Message[1].AsInteger());
            }
        }
        var discards = new Dictionary<(string Origin, string Reader), List<long>>();
        foreach (var discard in recorder.Discards.Where(d => d.Interface == "in"))
        {
            var (origin, number, reader) = (discard.Message[0].AsString(), discard.Message[1].AsInteger(), SequenceApplication.Logical(discard.Instance));
            // Removed by a change that began before the discard and ended after the write: the message
            // may reach the removed queue late, its writer held at a full one bound before it.
            var writtenAt = writes.TryGetValue(origin, out var written) && number < written.Count ? written[(int)number].At : int.MaxValue;
            if (!changes.Any(c => c.Emptied.Contains(reader) && c.Begin <= discard.At && writtenAt < c.End))
            {
                violations.Add($"{reader}'s queue discarded {origin}'s {number} while no change that removed it was under way");
            }
            Add(discards, (origin, reader), number);
        }
        foreach (var (origin, written) in writes)
        {
            var numbers = written.Select(w => w.Number).ToList();
            if (!numbers.SequenceEqual(Enumerable.Range(0, numbers.Count).Select(i => (long)i)))
            {
                violations.Add($"{origin} wrote {Shown(numbers)}: its state was lost or a write repeated");
                continue; // the rest reads a message's number as its place in the sequence
            }
            var routes = Routes(origin, written, initialRoutes, changes);
            violations.AddRange(new OriginCheck(origin, reads, discards, routes).Violations(written.Count));
        }
        foreach (var ((origin, reader), numbers) in reads)
        {
            if (!numbers.Zip(numbers.Skip(1)).All(pair => pair.First <= pair.Second))
            {
                violations.Add($"{reader} read {origin}'s messages out of order: {Shown(numbers)}");
            }
        }
        // The caller, and the replicas that stood in for it.
        var answers = recorder.Printed(name => name.StartsWith(SequenceApplication.Caller, StringComparison.Ordinal));
        var expected = Enumerable.Range(0, answers.Count).Select(i => $"ok {i}");
        if (!answers.SequenceEqual(expected))
        {
            violations.Add($"the caller's replies: {Shown(answers)}; a reply went to another request, or its state was lost");
        }
        return violations;
    }

    /// <summary>
    /// Where <paramref name="origin"/>'s messages went over the run: the readers from the start, then a
    /// new set at each change that changed them, with the numbers of the first message that may (Lo) and
    /// the first that must (Hi) go to the new set: the messages written before the change began, and
    /// before it ended. A change that waits for the producer to be idle does not hold it still from its
    /// beginning: a producer held at a full queue writes on, over the bound, to its quiet moment.
    /// </summary>
    private static List<Route> Routes(string origin, List<(long Number, int At)> written,
        ImmutableDictionary<string, ImmutableSortedSet<string>> initial, IReadOnlyList<ObservedChange> changes)
    {
        var routes = new List<Route> { new(0, 0, initial[origin], "the start") };
        foreach (var change in changes)
        {
            var readers = change.Routes[origin];
            if (!readers.SetEquals(routes[^1].Readers))
            {
                routes.Add(new(WrittenBefore(written, change.Begin), WrittenBefore(written, change.End), readers, change.Change));
            }
        }
        return routes;
    }

    private static long WrittenBefore(List<(long Number, int At)> written, int at)
    {
        var (low, high) = (0, written.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = written[middle].At < at ? (middle + 1, high) : (low, middle);
        }
        return low;
    }

    private sealed record Route(long Lo, long Hi, ImmutableSortedSet<string> Readers, string Since);

    /// <summary>One origin's messages, each matched against the readers it was sent to.</summary>
    private sealed class OriginCheck(
        string origin, Dictionary<(string Origin, string Reader), List<long>> reads, Dictionary<(string Origin, string Reader), List<long>> discards, List<Route> routes)
    {
        private readonly Dictionary<long, List<string>> _readersOf = [];
        private readonly Dictionary<long, List<string>> _discardersOf = [];
        private readonly Dictionary<string, List<long>> _missing = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<long>> _unsent = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<long>> _repeated = new(StringComparer.Ordinal);

        public IEnumerable<string> Violations(int written)
        {
            Index(reads, _readersOf);
            Index(discards, _discardersOf);
            var current = 0;
            for (var number = 0L; number < written; number++)
            {
                // Written after the next change ended: sent on its routes. Written while it ran: on its
                // routes if they, and not the current ones, match what was read.
                while (current + 1 < routes.Count
                    && (number >= routes[current + 1].Hi
                        || (number >= routes[current + 1].Lo && !Matches(routes[current], number) && Matches(routes[current + 1], number))))
                {
                    current++;
                }
                Judge(routes[current], number);
            }
            return _missing.Select(m => $"{origin} -> {m.Key}: {Shown(m.Value)} sent and neither read nor discarded")
                .Concat(_unsent.Select(u => $"{u.Key} read or discarded {origin}'s {Shown(u.Value)}, which were not sent to it"))
                .Concat(_repeated.Select(r => $"{r.Key} read or discarded {origin}'s {Shown(r.Value)} more than once"));
        }

        private void Index(Dictionary<(string Origin, string Reader), List<long>> events, Dictionary<long, List<string>> byNumber)
        {
            foreach (var ((_, reader), numbers) in events.Where(r => r.Key.Origin == origin))
            {
                foreach (var number in numbers)
                {
                    Add(byNumber, number, reader);
                }
            }
        }

        /// <summary>Every reader that read or discarded the message, as many times as it did.</summary>
        private List<string> Reached(long number) =>
            [.. _readersOf.GetValueOrDefault(number) ?? [], .. _discardersOf.GetValueOrDefault(number) ?? []];

        private bool Matches(Route route, long number)
        {
            var reached = Reached(number);
            return reached.Count == route.Readers.Count && reached.ToHashSet(StringComparer.Ordinal).SetEquals(route.Readers);
        }

        private void Judge(Route route, long number)
        {
            var reached = Reached(number);
            foreach (var reader in reached.Distinct(StringComparer.Ordinal))
            {
                if (!route.Readers.Contains(reader))
                {
                    Add(_unsent, reader, number);
                }
                if (reached.Count(r => r == reader) > 1)
                {
                    Add(_repeated, reader, number);
                }
            }
            foreach (var reader in route.Readers.Where(r => !reached.Contains(r, StringComparer.Ordinal)))
            {
                Add(_missing, reader, number);
            }
        }
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> lists, TKey key, TValue value)
        where TKey : notnull
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }
        list.Add(value);
    }

    private static string Shown<T>(IReadOnlyList<T> items) =>
        items.Count <= 12 ? string.Join(", ", items) : string.Join(", ", items.Take(12)) + $", … ({items.Count} in all)";
}
