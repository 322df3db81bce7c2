using Midflight.Model;

namespace Midflight.Runtime;

/// <summary>A node's replicated change: an update carried out through a replica of the instance.</summary>
public sealed partial class Node
{
    /// <summary>
    /// Changes an instance the way Bellcore's SCP updates its programs (see the survey): a replica
    /// takes over the instance's traffic and state, then the instance comes back running
    /// <paramref name="version"/> (by default the one it runs) and takes them back, and the replica
    /// goes. Two transactions, with no other reconfiguration between them; the instance pauses twice,
    /// each time for a move of its state. Before either, the new version is built, loaded and checked
    /// against the interfaces and the instance's fields, so that one that does not fit moves nothing.
    /// If the way back is refused (its frames do not fit) or cancelled, the instance comes back in the
    /// version it ran, and the refusal is thrown. <paramref name="terms"/> is applied to each
    /// transaction's plan: who asked, its timeout, what must be idle.
    /// </summary>
    /// <exception cref="ReconfigurationException">
    /// It was refused; the instance runs its old version under its own name, or, if even that could
    /// not be done, the replica serves in its place and the message says so.
    /// </exception>
    public async Task<ReconfigurationResult> ReplicateAsync(string instance, ModuleSource? version = null,
        Func<Reconfiguration, Reconfiguration>? terms = null, CancellationToken cancellationToken = default)
    {
        terms ??= r => r;
        using var working = _services.Activity.Working();
        var built = await BuildAheadAsync(version is null ? [] : [(version, true)], cancellationToken).ConfigureAwait(false);
        await _reconfiguring.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var status = Status;
            var old = status.Instances.FirstOrDefault(i => i.Name == instance)?.Spec
                ?? throw new ReconfigurationException($"there is no instance '{instance}' to replicate; the application is unchanged");
            var spec = version is null ? old : old with { Source = version };
            var replica = Scripts.ReplicaName(status, instance);
            // A version that does not fit is refused before anything moves, as far as can be told
            // without the stack; a new version's project was built before the lock, as the instance ran.
            var check = BuiltAhead(terms(version is null ? Scripts.Replace(status, instance) : Scripts.Update(status, instance, version)), built)
                with { Title = $"check {instance} running {spec.Source}, before replicating it" };
            try
            {
                await CheckAsync(check, cancellationToken).ConfigureAwait(false);
            }
            catch (ReconfigurationException refused)
            {
                throw new ReconfigurationException($"the new version does not fit, so nothing moved: {refused.Message}", refused);
            }
            var away = await ExecuteAsync(terms(Scripts.RouteToReplica(status, instance, replica)), cancellationToken).ConfigureAwait(false);
            ReconfigurationResult back;
            try
            {
                back = await ExecuteAsync(terms(Scripts.RouteBack(Status, replica, instance, spec)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception refused) when (refused is ReconfigurationException or OperationCanceledException)
            {
                try
                {
                    await ExecuteAsync(terms(Scripts.RouteBack(Status, replica, instance, old)), CancellationToken.None).ConfigureAwait(false);
                }
                catch (ReconfigurationException stuck)
                {
                    throw new ReconfigurationException(
                        $"the way back from '{replica}' was refused: {refused.Message}; and '{replica}' could not hand back to '{instance}' in its old version ({stuck.Message}): '{replica}' serves in its place", refused);
                }
                if (refused is OperationCanceledException)
                {
                    throw;
                }
                throw new ReconfigurationException($"the way back from '{replica}' was refused: {refused.Message}; '{instance}' runs its old version again, its state taken back from '{replica}'", refused);
            }
            return new ReconfigurationResult(away.Steps + back.Steps, away.Duration + back.Duration, away.Paused + back.Paused)
            {
                MovedFrames = away.MovedFrames.Concat(back.MovedFrames).ToDictionary(),
            };
        }
        finally
        {
            _reconfiguring.Release();
        }
    }
}
