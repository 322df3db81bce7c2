using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Midflight.Model;
using Midflight.Runtime.Hosting;
using Midflight.Runtime.Loading;
using Midflight.Runtime.Procedures;
using Midflight.Runtime.Rehearsals;
using Midflight.State.Graph;

namespace Midflight.Runtime;

/// <summary>A node's rehearsal of an update, on a copy of the live state.</summary>
public sealed partial class Node
{
    /// <summary>How long a rehearsed version may run without taking a message or making an output before it is given up on.</summary>

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
        recording = await WithStateAsync(instance, recording, cancellationToken).ConfigureAwait(false);
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
            return await RunAsync(instance, spec, code, module, recording, taken, onThread: null, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Rehearses a procedure update of <paramref name="instance"/> as <see cref="RehearseAsync"/> does a
    /// module update: the code the instance runs is loaded again into a load context of its own, an
    /// instance of it takes the live state (or <paramref name="recording"/>'s), the update is compiled
    /// against it and switched in it as the live instance's thread would switch it — each step when
    /// its procedures are inactive — and, given messages, it runs on them and its outputs are compared
    /// with the live module's. The live instance is untouched.
    /// </summary>
    /// <exception cref="ReconfigurationException">There is no such instance here, it has no binding table or runs procedure updates already, or its state could not be captured.</exception>
    public async Task<Rehearsal> RehearseProceduresAsync(string instance, ProcedureUpdateOptions options, Recording? recording = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = ProceduresHost(instance);
        if (host.Procedures!.Versions.Count > 0)
        {
            throw new ReconfigurationException(
                $"'{instance}' runs procedure updates already ({string.Join(", ", host.Procedures.Versions.Select(v => $"{v.Key} v{v.Value}"))}): a rehearsal starts from its module's own code, which is not what runs; update the module (--with) to take them in first");
        }
        recording = await WithStateAsync(instance, recording, cancellationToken).ConfigureAwait(false);
        // The running version's very image, in a context of its own: the sources on disk may have changed since.
        var sandbox = new ModuleLoader(_options.ProjectBuilder, _options.BaseDirectory);
        var code = sandbox.Acquire(host.Spec, host.Code.Image);
        try
        {
            var snapshot = recording.Snapshot!;
            var module = code.CreateInstance();
            module.Participation.BeginRestore(module, snapshot, handOver: false);
            var procedures = new InstanceProcedures(module, module.Procedures!);
            var compiled = await CompileAsync(code, host.Spec, procedures, options, 1, cancellationToken).ConfigureAwait(false);
            if (!compiled.Succeeded)
            {
                return Rehearsal.Failed($"the procedure update does not compile:\n{string.Join("\n", compiled.Errors)}");
            }
            var pending = PrepareSwitch(code, instance, procedures, compiled, options.Atomic ? compiled.Plan!.Atomic() : compiled.Plan!, 1, options);
            procedures.Begin(pending);
            var taken = new Rehearsal(true, null, snapshot.Fields.Count, snapshot.Frames.Count, []);
            if (recording.Received.IsEmpty && recording.Outputs.IsDefault)
            {
                // Nothing runs: no procedure is active, and every step switches at once.
                Advance(procedures, new HashSet<string>());
            }
            var rehearsal = await RunAsync(instance, host.Spec, code, module, recording, taken, () => Advance(procedures, ActiveProcedures.OnThisThread()), cancellationToken).ConfigureAwait(false);
            var switched = pending.Steps.Where(s => s.SwitchedAt is not null).SelectMany(s => s.Step.Slots).ToImmutableArray();
            return pending.Done switch
            {
                { IsFaulted: true } failed => Rehearsal.Failed($"the procedure update failed as it switched: {failed.Exception!.InnerException!.Message}") with { Run = rehearsal.Run, Switched = switched },
                { IsCompleted: false } => Rehearsal.Failed($"the procedure update had not switched when the run ended: held by {string.Join(", ", pending.HeldBy)}, active on its stack") with { Run = rehearsal.Run, Switched = switched },
                _ => rehearsal with { Switched = switched },
            };
        }
        catch (ReconfigurationException exception)
        {
            return Rehearsal.Failed($"the procedure update does not fit: {exception.Message}");
        }
        catch (StateCaptureException exception)
        {
            return Rehearsal.Failed(exception.Message);
        }
        finally
        {
            code.Release();
        }

        static void Advance(InstanceProcedures procedures, IReadOnlySet<string> active)
        {
            if (procedures.Pending is { } pending && pending.Advance(active))
            {
                procedures.Ended(pending);
            }
        }
    }

    /// <summary>The recording to rehearse on, with the live state in it if it has none: taken now, with the requests the instance is serving.</summary>
    private async Task<Recording> WithStateAsync(string instance, Recording? recording, CancellationToken cancellationToken)
    {
        if (recording is not null && recording.Instance != instance)
        {
            throw new ReconfigurationException($"the recording is of '{recording.Instance}', not '{instance}'");
        }
        if (recording?.Snapshot is not null)
        {
            return recording;
        }
        var live = await LookAtPointAsync(instance, (host, snapshot) => (Snapshot: snapshot, Owed: RepliesOwed(host)), cancellationToken).ConfigureAwait(false);
        return (recording ?? new Recording(instance, []) { Outputs = default })
            with { Snapshot = live.Snapshot, RepliesOwed = live.Owed.ToImmutableDictionary(), Started = recording?.Started ?? _services.Time.GetUtcNow() };
    }

    /// <summary>
    /// Runs a rehearsed instance, its state restored, on the recording's messages, if it has any, and
    /// adds what it did to <paramref name="taken"/>. <paramref name="onThread"/> runs on the instance's
    /// thread at each read, delay and print, as a pending procedure switch does on a live one.
    /// </summary>
    private async Task<Rehearsal> RunAsync(string instance, ModuleSpec spec, ModuleCode code, ModuleBase module, Recording recording, Rehearsal taken, Action? onThread, CancellationToken cancellationToken)
    {
        if (recording.Received.IsEmpty && recording.Outputs.IsDefault)
        {
            return taken;
        }
        using var port = new RehearsalPort(instance, spec, code, recording, _services.LoggerFactory.CreateLogger($"Midflight.Rehearsal.{instance}"), onThread);
        module.Attach(port);
        // On the wall clock: on the node's, a caller on fake time could let a stall's worth pass while
        // the rehearsal's thread only waited for a processor, and give a sound version up as a loop.
        var run = await RehearsalRunner.RunAsync(module, port, recording, TimeProvider.System, _options.RehearsalStall, cancellationToken).ConfigureAwait(false);
        return taken with
        {
            Succeeded = run.Fault is null,
            Failure = run.Fault is { } fault ? $"the new version failed on the recorded messages: {fault}" : null,
            Run = run,
        };
    }
}
