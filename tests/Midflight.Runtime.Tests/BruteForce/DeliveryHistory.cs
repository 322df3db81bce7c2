using System.Collections.Immutable;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// Checks a recorded history of a random run, Jepsen-style, once every producer has stopped and
/// every queue has drained. The rule is exactly once and in order per binding: each origin wrote
/// 0, 1, 2, … with no gap or repeat (its state was never lost); each message was read once by each
/// reader its producer was bound to when it wrote it, and by no other; each reader read each origin's
/// messages in the order written; the only messages not read are those on a queue a change emptied
/// on purpose, exactly as many as that queue held; and every reply the client got was its request's.
/// </summary>
/// <remarks>
/// <para>
/// Where a producer's messages go changes only with a committed change (<see cref="ObservedChange"/>),
/// and the switch is atomic: the commit replaces the producer's targets whole, so each message goes to
/// the readers before or to the readers after, and once one goes to those after, all later ones do.
/// A message written before the change began went to the readers before; one written after it ended,
/// to the readers after; for those written while it ran — modules go on while a change waits for a
/// quiet moment, unless it holds them still — the checker finds the switch from what was read, the
/// first message that matches the readers after. Readers are counted by <see cref="SequenceApplication.Logical"/> name: a replica
/// reads on its instance's binding.
/// </para>
/// <para>
/// A queue emptied on purpose — removed without being copied, or deleted with its reader — loses what
/// it held: for each origin, the messages sent to that reader after the last one it read (the queue is
/// FIFO), and, of those written while the change ran, a first few. Counting them and comparing with the
/// queue's depth as the change began (read while the node was idle, so exact) keeps a message lost
/// earlier from being passed off as discarded.
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
        var drops = changes.SelectMany((change, index) => change.Discarded.Select(d => new Drop(index, change, SequenceApplication.Logical(d.Key), d.Value))).ToList();
        foreach (var (origin, written) in writes)
        {
            var numbers = written.Select(w => w.Number).ToList();
            if (!numbers.SequenceEqual(Enumerable.Range(0, numbers.Count).Select(i => (long)i)))
            {
                violations.Add($"{origin} wrote {Shown(numbers)}: its state was lost or a write repeated");
                continue; // the rest reads a message's number as its place in the sequence
            }
            var routes = Routes(origin, written, initialRoutes, changes);
            violations.AddRange(new OriginCheck(origin, written, reads, drops, routes).Violations());
        }
        foreach (var ((origin, reader), numbers) in reads)
        {
            if (!numbers.Zip(numbers.Skip(1)).All(pair => pair.First <= pair.Second))
            {
                violations.Add($"{reader} read {origin}'s messages out of order: {Shown(numbers)}");
            }
        }
        foreach (var drop in drops.Where(d => d.Accounted != d.Depth))
        {
            violations.Add($"{drop.Change.Change} emptied {drop.Reader}'s queue, which held {drop.Depth} messages as it began, but {drop.Accounted} sent to {drop.Reader} before it began were never read");
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
    /// before it ended — or before it began, if it held the producer still.
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
                var lo = WrittenBefore(written, change.Begin);
                routes.Add(new(lo, change.Held.Contains(origin) ? lo : WrittenBefore(written, change.End), readers, change.Change));
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

    /// <summary>A queue a change emptied on purpose, and how many of the messages it lost the history accounts for.</summary>
    private sealed record Drop(int Index, ObservedChange Change, string Reader, int Depth)
    {
        public int Accounted { get; set; }
    }

    /// <summary>One origin's messages, each matched against the readers it was sent to.</summary>
    private sealed class OriginCheck(
        string origin, List<(long Number, int At)> written, Dictionary<(string Origin, string Reader), List<long>> reads, List<Drop> drops, List<Route> routes)
    {
        private readonly Dictionary<long, List<string>> _readersOf = [];
        private readonly Dictionary<string, List<long>> _missing = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<long>> _unsent = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<long>> _repeated = new(StringComparer.Ordinal);

        public IEnumerable<string> Violations()
        {
            foreach (var ((_, reader), numbers) in reads.Where(r => r.Key.Origin == origin))
            {
                foreach (var number in numbers)
                {
                    Add(_readersOf, number, reader);
                }
            }
            var current = 0;
            for (var number = 0L; number < written.Count; number++)
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
            return _missing.Select(m => $"{origin} -> {m.Key}: {Shown(m.Value)} sent and never read")
                .Concat(_unsent.Select(u => $"{u.Key} read {origin}'s {Shown(u.Value)}, which were not sent to it"))
                .Concat(_repeated.Select(r => $"{r.Key} read {origin}'s {Shown(r.Value)} more than once"));
        }

        private List<string> ReadersOf(long number) => _readersOf.GetValueOrDefault(number) ?? [];

        private bool Matches(Route route, long number)
        {
            var read = ReadersOf(number);
            return read.Count == read.Distinct(StringComparer.Ordinal).Count()
                && read.All(route.Readers.Contains)
                && route.Readers.All(reader => read.Contains(reader, StringComparer.Ordinal) || DiscardedBy(reader, number) is not null);
        }

        private void Judge(Route route, long number)
        {
            var read = ReadersOf(number);
            foreach (var reader in read.Distinct(StringComparer.Ordinal))
            {
                if (!route.Readers.Contains(reader))
                {
                    Add(_unsent, reader, number);
                }
                if (read.Count(r => r == reader) > 1)
                {
                    Add(_repeated, reader, number);
                }
            }
            foreach (var reader in route.Readers.Where(r => !read.Contains(r, StringComparer.Ordinal)))
            {
                if (DiscardedBy(reader, number) is { } drop)
                {
                    if (written[(int)number].At < drop.Change.Begin)
                    {
                        drop.Accounted++;
                    }
                }
                else
                {
                    Add(_missing, reader, number);
                }
            }
        }

        /// <summary>
        /// The first change that emptied <paramref name="reader"/>'s queue while the message was on it.
        /// Written before the change began, it was on the queue then if the reader had read no later one
        /// written before then (FIFO: a later one read means this one was lost, not discarded). Written
        /// while the change ran, it was on the queue when it was emptied if the reader read none written
        /// in that time before it: emptying takes the first few of those, and the rest are read.
        /// </summary>
        private Drop? DiscardedBy(string reader, long number)
        {
            var at = written[(int)number].At;
            var readByIt = reads.GetValueOrDefault((origin, reader)) ?? [];
            return drops.FirstOrDefault(drop => drop.Reader == reader && at < drop.Change.End
                && (at < drop.Change.Begin
                    ? !readByIt.Any(later => later > number && written[(int)later].At < drop.Change.Begin)
                    : !readByIt.Any(earlier => earlier < number && written[(int)earlier].At >= drop.Change.Begin)));
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
