namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// Checks a recorded history of a random run, Jepsen-style, once every producer has stopped and
/// every queue has drained: each origin wrote 0, 1, 2, … with no gap or repeat (its state was never
/// lost); every message written was read exactly once; each reader read each origin's messages in
/// the order written; and every reply the client got was its request's.
/// </summary>
internal static class DeliveryHistory
{
    public static IReadOnlyList<string> Violations(Recorder recorder)
    {
        var violations = new List<string>();
        var written = recorder.Trace.Where(t => t.Written && t.Interface == "out")
            .GroupBy(t => t.Message[0].AsString(), t => t.Message[1].AsInteger())
            .ToDictionary(g => g.Key, g => g.ToList());
        var read = recorder.Trace.Where(t => !t.Written && t.Interface == "in").ToList();
        foreach (var (origin, sequence) in written)
        {
            if (!sequence.SequenceEqual(Enumerable.Range(0, sequence.Count).Select(i => (long)i)))
            {
                violations.Add($"{origin} wrote {Shown(sequence)}: its state was lost or a write repeated");
            }
            var delivered = read.Where(t => t.Message[0].AsString() == origin).Select(t => t.Message[1].AsInteger()).ToList();
            var lost = sequence.Except(delivered).ToList();
            if (lost.Count > 0)
            {
                violations.Add($"{origin}: {Shown(lost)} written and never read");
            }
            var twice = delivered.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (twice.Count > 0)
            {
                violations.Add($"{origin}: {Shown(twice)} read more than once");
            }
        }
        foreach (var stream in read.GroupBy(t => (Reader: t.Instance, Origin: t.Message[0].AsString())))
        {
            var numbers = stream.Select(t => t.Message[1].AsInteger()).ToList();
            if (!numbers.Zip(numbers.Skip(1)).All(pair => pair.First < pair.Second))
            {
                violations.Add($"{stream.Key.Reader} read {stream.Key.Origin}'s messages out of order: {Shown(numbers)}");
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

    private static string Shown<T>(IReadOnlyList<T> items) =>
        items.Count <= 12 ? string.Join(", ", items) : string.Join(", ", items.Take(12)) + $", … ({items.Count} in all)";
}
