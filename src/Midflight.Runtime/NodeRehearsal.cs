using Midflight.Model;
using Midflight.Runtime.Loading;
using Midflight.State.Graph;

namespace Midflight.Runtime;

/// <summary>A node's rehearsal of an update, on a copy of the live state.</summary>
public sealed partial class Node
{
    /// <summary>
    /// Rehearses an update of <paramref name="instance"/> to <paramref name="version"/> on a copy of its
    /// state: the live instance's snapshot (captured at its next point, as <see cref="CaptureStateAsync"/>
    /// does; it goes on as if it had not stopped), or <paramref name="snapshot"/>, is restored into an
    /// instance of the new version loaded into a load context of its own, beside the node — its state
    /// mappers run, its fields are set, its frames are read — and the context is unloaded. The new
    /// instance never runs and is on no bus: no message leaves it, and the application is untouched.
    /// </summary>
    /// <exception cref="ReconfigurationException">There is no such instance, or its state could not be captured.</exception>
    public async Task<Rehearsal> RehearseAsync(string instance, ModuleSource version, State.Snapshot? snapshot = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var spec = Status.Instances.FirstOrDefault(i => i.Name == instance)?.Spec
            ?? throw new ReconfigurationException($"there is no instance '{instance}'");
        snapshot ??= await CaptureStateAsync(instance, cancellationToken).ConfigureAwait(false);
        // A loader of its own: the rehearsal's code shares no context with the node's, and goes with it.
        var sandbox = new ModuleLoader(_options.ProjectBuilder, _options.BaseDirectory, _options.TrustedKeys);
        sandbox.Launched();
        ModuleCode code;
        try
        {
            code = await sandbox.AcquireAsync(spec with { Source = version }, rebuild: true, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleLoadException exception)
        {
            return Rehearsal.Failed($"the new version could not be loaded: {exception.Message}");
        }
        try
        {
            var module = code.CreateInstance();
            var mappers = StateMappers.Of(module.GetType()).Where(m => snapshot.Fields.Any(f => f.Name == m.Key)).Select(m => m.Value.Name).Order(StringComparer.Ordinal).ToList();
            module.Participation.BeginRestore(module, snapshot, handOver: false);
            return new Rehearsal(true, null, snapshot.Fields.Count, snapshot.Frames.Count, [.. mappers]);
        }
        catch (Exception exception) when (exception is StateCaptureException or ModuleLoadException)
        {
            return Rehearsal.Failed(exception.Message);
        }
        finally
        {
            code.Release();
        }
    }
}
