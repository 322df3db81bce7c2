using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Midflight.Model;
using Midflight.Runtime.Loading;
using Midflight.Runtime.Rehearsals;
using Midflight.State.Graph;

namespace Midflight.Runtime;

/// <summary>A node's rehearsal of an update, on a copy of the live state.</summary>
public sealed partial class Node
{
    /// <summary>How long a rehearsed version may run without taking a message or making an output before it is given up on.</summary>
    private static readonly TimeSpan RehearsalStall = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Rehearses an update of <paramref name="instance"/> to <paramref name="version"/> on a copy of its
    /// state: the live instance's snapshot (captured at its next point, as <see cref="CaptureStateAsync"/>
    /// does; it goes on as if it had not stopped), or <paramref name="recording"/>'s, is restored into an
    /// instance of the new version loaded into a load context of its own, beside the node — its state
    /// mappers run, its fields are set, its frames are read. Given <paramref name="recording"/>, that
    /// instance then runs on its messages, on a sandbox bus of its own, and what it writes and prints is
    /// compared with what the live module did (<see cref="RehearsalRun"/>). No message leaves the
    /// sandbox, and the application is untouched; the context is unloaded at the end.
    /// </summary>
    /// <exception cref="ReconfigurationException">There is no such instance, or its state could not be captured.</exception>
    public async Task<Rehearsal> RehearseAsync(string instance, ModuleSource version, Recording? recording = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var spec = Status.Instances.FirstOrDefault(i => i.Name == instance)?.Spec
            ?? throw new ReconfigurationException($"there is no instance '{instance}'");
        if (recording is not null && recording.Instance != instance)
        {
            throw new ReconfigurationException($"the recording is of '{recording.Instance}', not '{instance}'");
        }
        if (recording?.Snapshot is null)
        {
            // The live state, and the requests it is serving: the first replies the new version may write.
            var live = await LookAtPointAsync(instance, (host, snapshot) => (Snapshot: snapshot, Owed: RepliesOwed(host)), cancellationToken).ConfigureAwait(false);
            recording = (recording ?? new Recording(instance, []) { Outputs = default })
                with { Snapshot = live.Snapshot, RepliesOwed = live.Owed.ToImmutableDictionary(), Started = recording?.Started ?? _services.Time.GetUtcNow() };
        }
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
            var snapshot = recording.Snapshot!;
            var module = code.CreateInstance();
            var mappers = StateMappers.Of(module.GetType()).Where(m => snapshot.Fields.Any(f => f.Name == m.Key)).Select(m => m.Value.Name).Order(StringComparer.Ordinal).ToList();
            module.Participation.BeginRestore(module, snapshot, handOver: false);
            var taken = new Rehearsal(true, null, snapshot.Fields.Count, snapshot.Frames.Count, [.. mappers]);
            if (recording.Received.IsEmpty && recording.Outputs.IsDefault)
            {
                return taken;
            }
            using var port = new RehearsalPort(instance, spec, code, recording, _services.LoggerFactory.CreateLogger($"Midflight.Rehearsal.{instance}"));
            module.Attach(port);
            var run = await RehearsalRunner.RunAsync(module, port, recording, _services.Time, RehearsalStall, cancellationToken).ConfigureAwait(false);
            return taken with
            {
                Succeeded = run.Fault is null,
                Failure = run.Fault is { } fault ? $"the new version failed on the recorded messages: {fault}" : null,
                Run = run,
            };
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
