namespace Midflight.Cluster;

/// <summary>
/// The fences of the moves that leave this node: which nodes' fences have come in, per move, and
/// who waits for a set of them. A fence may come in before the step that waits for it.
/// </summary>
internal sealed class Fences
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _arrived = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (HashSet<string> Expected, TaskCompletionSource Done)> _waiting = new(StringComparer.Ordinal);

    public void Arrived(string move, string node)
    {
        lock (_gate)
        {
            if (!_arrived.TryGetValue(move, out var arrived))
            {
                _arrived[move] = arrived = new HashSet<string>(StringComparer.Ordinal);
            }
            arrived.Add(node);
            if (_waiting.TryGetValue(move, out var waiting) && waiting.Expected.IsSubsetOf(arrived))
            {
                waiting.Done.TrySetResult();
            }
        }
    }

    /// <summary>Completes once the fence of every one of <paramref name="nodes"/> has come in for <paramref name="move"/>.</summary>
    public Task WhenAll(string move, IEnumerable<string> nodes)
    {
        lock (_gate)
        {
            var expected = nodes.ToHashSet(StringComparer.Ordinal);
            if (expected.IsSubsetOf(_arrived.GetValueOrDefault(move) ?? []))
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[move] = (expected, done);
            return done.Task;
        }
    }

    /// <summary>Which of <paramref name="nodes"/> have not sent their fence for <paramref name="move"/>: for the error when they do not.</summary>
    public IEnumerable<string> Missing(string move, IEnumerable<string> nodes)
    {
        lock (_gate)
        {
            var arrived = _arrived.GetValueOrDefault(move) ?? [];
            return [.. nodes.Where(n => !arrived.Contains(n))];
        }
    }

    public void Forget(string move)
    {
        lock (_gate)
        {
            _arrived.Remove(move);
            _waiting.Remove(move);
        }
    }
}
