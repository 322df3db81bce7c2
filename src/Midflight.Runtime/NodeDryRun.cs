namespace Midflight.Runtime;

/// <summary>A node's dry run of a reconfiguration.</summary>
public sealed partial class Node
{
    /// <summary>
    /// Checks <paramref name="reconfiguration"/> as far as can be done without stopping anything — its
    /// steps against the application, the code it would build and load, how that code fits what it
    /// takes over — and says what it would do, without doing it: nothing pauses, nothing changes, and
    /// nothing is written to the event log. What only the moment can tell (a quiet moment in time, the
    /// frames of a stack) is listed in <see cref="ReconfigurationPlan.WhenCarriedOut"/>.
    /// </summary>
    /// <exception cref="ReconfigurationException">It would be refused, and why.</exception>
    public async Task<ReconfigurationPlan> DryRunAsync(Reconfiguration reconfiguration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reconfiguration);
        ObjectDisposedException.ThrowIf(_stopped, this);
        if (reconfiguration.Steps.Any(s => s is UpdateProcedures))
        {
            throw new ReconfigurationException("a dry run of procedure updates is their own: update --procedure … --plan");
        }
        if (_options.Cluster is { } cluster && cluster.Spans(this, reconfiguration))
        {
            throw new ReconfigurationException("a dry run of a change across the nodes of a cluster is not supported yet: its checks are made by each node as it is carried out");
        }
        using var working = _services.Activity.Working();
        var built = await BuildAheadAsync(SourcesAdded(reconfiguration), cancellationToken).ConfigureAwait(false);
        await _reconfiguring.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await NewTransaction().CheckAsync(BuiltAhead(reconfiguration, built), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _reconfiguring.Release();
        }
        return ReconfigurationPlan.Of(reconfiguration, Status, _options);
    }
}
