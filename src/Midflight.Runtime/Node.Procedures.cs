using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Midflight.Model;
using Midflight.Runtime.Hosting;
using Midflight.Runtime.Loading;
using Midflight.Runtime.Procedures;
using Midflight.Transform.Procedures;

namespace Midflight.Runtime;

public sealed partial class Node
{
    /// <summary>
    /// Updates single procedures of a running instance (PODUS, DYMOS): compiles the new procedures
    /// in process against the running version, checks them, plans the switch bottom-up, and has the
    /// instance's own thread rebind each step's slots once none of its procedures is active. The
    /// module never stops; activations under way finish on the code they started on.
    /// </summary>
    /// <exception cref="ReconfigurationException">
    /// The update does not compile or does not fit the running version (the message has the compiler's
    /// errors, on their files and lines), or its procedures stayed active past the timeout. Nothing of
    /// a refused update switched; of a timed-out one, the steps the message names did.
    /// </exception>
    public async Task<ProcedureUpdateResult> UpdateProceduresAsync(string instance, ProcedureUpdateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        var at = _services.Time.GetUtcNow();
        var host = ProceduresHost(instance);
        var procedures = host.Procedures!;
        // The node is busy until the switch has begun: a caller on fake time lets no time pass while it compiles.
        var working = new Busy(_services.Activity.Working());
        try
        {
            return await CompileAndSwitchAsync(host, procedures, options, started, at, working, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            working.End();
        }
    }

    /// <summary>
    /// A plan of procedure updates (a script's): each carried out in turn, as <see cref="UpdateProceduresAsync"/>
    /// would. Refused whole, before anything, if it also changes the configuration.
    /// </summary>
    /// <exception cref="ReconfigurationException">The plan mixes kinds of steps, or an update was refused or timed out: the message says which updates switched before it.</exception>
    private async Task<ReconfigurationResult> UpdateProceduresInTurnAsync(Reconfiguration plan, CancellationToken cancellationToken)
    {
        if (plan.Steps.FirstOrDefault(s => s is not UpdateProcedures) is { } other)
        {
            throw new ReconfigurationException($"'{plan.Title}' updates procedures and also plans '{other}': a procedure update switches on the module's own thread, outside a transaction, so plan it apart from changes to the configuration; nothing was changed");
        }
        var started = Stopwatch.GetTimestamp();
        var done = new List<string>();
        foreach (var update in plan.Steps.Cast<UpdateProcedures>())
        {
            try
            {
                await UpdateProceduresAsync(update.Instance, new ProcedureUpdateOptions
                {
                    Procedures = update.Procedures.IsDefault ? [] : update.Procedures,
                    Source = update.Source,
                    WhenIdle = update.WhenIdle.IsDefault ? [] : update.WhenIdle,
                    RequestedBy = plan.RequestedBy,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ReconfigurationException exception)
            {
                var before = done.Count == 0 ? "no update of the plan switched before it" : $"these switched before it: {string.Join("; ", done)}";
                throw new ReconfigurationException($"'{update}' failed ({before}): {exception.Message}", exception);
            }
            done.Add(update.ToString());
        }
        return new ReconfigurationResult(plan.Steps.Length, Stopwatch.GetElapsedTime(started), TimeSpan.Zero);
    }

    private async Task<ProcedureUpdateResult> CompileAndSwitchAsync(ModuleHost host, InstanceProcedures procedures, ProcedureUpdateOptions options, long started, DateTimeOffset at, Busy working, CancellationToken cancellationToken)
    {
        var instance = host.InstanceName;
        var title = $"update {instance} procedures {(options.Procedures.Count == 0 ? "(every changed one)" : string.Join(", ", options.Procedures))}";
        var version = procedures.NextVersion(reserve: !options.PlanOnly);
        var compiled = await CompileAsync(host.Code, host.Spec, procedures, options, version, cancellationToken).ConfigureAwait(false);
        var compileTime = Stopwatch.GetElapsedTime(started);
        if (!compiled.Succeeded)
        {
            var refusal = $"the procedure update of '{instance}' is refused; nothing switched:\n{string.Join("\n", compiled.Errors)}";
            await RecordProcedureUpdateAsync(title, options, at, Stopwatch.GetElapsedTime(started), "", 0, refusal).ConfigureAwait(false);
            throw new ReconfigurationException(refusal);
        }
        var plan = options.Atomic ? compiled.Plan!.Atomic() : compiled.Plan!;
        if (options.PlanOnly)
        {
            return new ProcedureUpdateResult(instance, version, [.. plan.Steps.Select(s => new SwitchedStep(s.Slots, s.Reasons, null))], compileTime, compileTime, compiled.Warnings);
        }
        var unknown = options.WhenIdle.Where(q => !procedures.Table.Identities.Any(i => i == q || i.StartsWith(q + "(", StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
        {
            throw new ReconfigurationException($"--when-idle names no procedure of '{instance}': {string.Join(", ", unknown)}; it has: {string.Join(", ", procedures.Table.Identities.Order(StringComparer.Ordinal))}");
        }
        ProcedureSwitch pending;
        try
        {
            pending = PrepareSwitch(host.Code, instance, procedures, compiled, plan, version, options);
        }
        catch (ReconfigurationException exception)
        {
            var refusal = $"the procedure update of '{instance}' is refused; nothing switched: {exception.Message}";
            await RecordProcedureUpdateAsync(title, options, at, Stopwatch.GetElapsedTime(started), "", 0, refusal).ConfigureAwait(false);
            throw new ReconfigurationException(refusal, exception);
        }
        var steps = pending.Steps;
        if (!host.BeginSwitch(pending))
        {
            procedures.UnloadUnbound();
            throw new ReconfigurationException($"'{instance}' has a procedure switch under way (held by {string.Join(", ", procedures.Pending?.HeldBy ?? [])}): wait for it or for its timeout");
        }
        LogProcedureSwitchBegun(instance, title, plan.Steps.Count);
        working.End();
        var timedOut = false;
        ReconfigurationException? failed = null;
        try
        {
            await pending.Done.WaitAsync(options.Timeout, _services.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (ReconfigurationException exception)
        {
            failed = exception;
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            pending.GiveUp();
            procedures.Ended(pending);
            timedOut = exception is TimeoutException;
            if (!timedOut)
            {
                throw;
            }
        }
        var total = Stopwatch.GetElapsedTime(started);
        var switched = steps.Select(s => new SwitchedStep(s.Step.Slots, s.Step.Reasons, s.SwitchedAt - at)).ToList();
        var record = string.Join("\n", switched.Select((s, i) => $"step {i + 1}: {string.Join(", ", s.Procedures)} {(s.SwitchedAfter is { } after ? $"switched after {after.TotalMilliseconds:0.#} ms" : "not switched")}"));
        if (failed is not null)
        {
            var stopped = $"the procedure update of '{instance}' stopped: {failed.Message}; "
                + (switched.Any(s => s.SwitchedAfter is not null) ? $"these steps switched: {string.Join("; ", switched.Where(s => s.SwitchedAfter is not null).Select(s => string.Join(", ", s.Procedures)))}" : "nothing switched")
                + "; the rest keep their running code";
            await RecordProcedureUpdateAsync(title, options, at, total, record, plan.Steps.Count, stopped).ConfigureAwait(false);
            throw new ReconfigurationException(stopped, failed);
        }
        if (timedOut)
        {
            var held = $"the procedure update of '{instance}' timed out after {options.Timeout.TotalSeconds:0.###} s: held by {string.Join(", ", pending.HeldBy)}, active on its stack"
                + $"{(switched.Any(s => s.SwitchedAfter is not null) ? $"; these steps switched: {string.Join("; ", switched.Where(s => s.SwitchedAfter is not null).Select(s => string.Join(", ", s.Procedures)))}" : "; nothing switched")}"
                + "; the rest keep their running code. A procedure that never returns (a Run loop) changes with a module update at a point (--with)";
            await RecordProcedureUpdateAsync(title, options, at, total, record, plan.Steps.Count, held).ConfigureAwait(false);
            throw new ReconfigurationException(held);
        }
        await RecordProcedureUpdateAsync(title, options, at, total, record, plan.Steps.Count, null).ConfigureAwait(false);
        return new ProcedureUpdateResult(instance, version, switched, compileTime, total, compiled.Warnings);
    }

    /// <summary>
    /// With an instance whose procedures can be updated, loads and runs the compiler once in the
    /// background, at low cost to the modules, so that the first update takes milliseconds, not seconds.
    /// </summary>
    private void WarmUpProcedureCompiler()
    {
        if (_application.State.Hosts.Values.FirstOrDefault(h => h.Procedures is not null) is not { } host)
        {
            return;
        }
        // What the warm-up needs, taken now: holding the host would keep its code loaded past an update.
        var references = ProcedureSources.References(host.Code.ModuleType.Assembly, host.Code.Image.AssemblyPath);
        var (spec, type, image) = (host.Spec, host.Code.ModuleType.FullName!, host.Code.Image.Bytes);
        _ = Task.Run(() =>
        {
            ProcedureCompiler.WarmUp(references);
            if (!spec.Source.IsProject)
            {
                return;
            }
            // The module's own sources, checked as an update would check them: the binder's paths for real code.
            try
            {
                ProcedureCompiler.Compile(new ProcedureUpdateRequest(type, image, references, ProcedureSources.Of(spec, _options.BaseDirectory, null), [], 0));
            }
#pragma warning disable CA1031 // A warm-up that fails costs the first update its speed, nothing else.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogWarmUpFailed(exception);
            }
        });
    }

    /// <summary>The node's activity count for a procedure update, ended once: when its switch has begun, or when it failed before.</summary>
    private sealed class Busy(Bus.ActivityTracker.Scope scope)
    {
        private int _ended;

        public void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                scope.Dispose();
            }
        }
    }

    /// <summary>The host of an instance whose procedures may be updated here.</summary>
    /// <exception cref="ReconfigurationException">The node takes no procedure updates (it loads signed code only), or the instance is not here, or has no binding table.</exception>
    private ModuleHost ProceduresHost(string instance)
    {
        if (_options.TrustedKeys is { } trusted)
        {
            throw new ReconfigurationException(
                $"this node loads only code signed by a key it trusts ({string.Join(", ", trusted.Ids)}), and a procedure update compiles source inside the node, which no signature covers: update '{instance}' with a signed build of the module instead (--with)");
        }
        var host = _application.State.Hosts.GetValueOrDefault(instance)
            ?? throw new ReconfigurationException(_application.State.Remote.ContainsKey(instance)
                ? $"'{instance}' runs on another node: update its procedures there"
                : $"there is no instance '{instance}'");
        return host.Procedures is not null ? host : throw new ReconfigurationException(
            $"'{instance}' ({host.Spec.Name}) has no binding table: its class must be marked [ProcedureUpdates] and derive from Module; update the module (--with) to such a version first");
    }

    /// <summary>Compiles a procedure update against <paramref name="code"/>, an instance's version, as its procedures stand.</summary>
    private Task<CompiledUpdate> CompileAsync(ModuleCode code, ModuleSpec spec, InstanceProcedures procedures, ProcedureUpdateOptions options, int version, CancellationToken cancellationToken)
    {
        var request = new ProcedureUpdateRequest(code.ModuleType.FullName!, code.Image.Bytes, ProcedureSources.References(code.ModuleType.Assembly, code.Image.AssemblyPath),
            ProcedureSources.Of(spec, _options.BaseDirectory, options.Source), options.Procedures, version)
        {
            Updated = procedures.Updated,
            AddedFields = procedures.AddedFieldTypes,
        };
        return Task.Run(() => ProcedureCompiler.Compile(request), cancellationToken);
    }

    /// <summary>
    /// Loads a compiled procedure update beside <paramref name="code"/>, adds its fields to the
    /// instance, and binds each step's new procedures: the switch, ready for the instance's thread.
    /// </summary>
    /// <exception cref="ReconfigurationException">A field it adds does not fit the instance; nothing is bound, and the update is unloaded.</exception>
    private ProcedureSwitch PrepareSwitch(ModuleCode code, string instance, InstanceProcedures procedures, CompiledUpdate compiled, UpdatePlan plan, int version, ProcedureUpdateOptions options)
    {
        var context = new ProcedureLoadContext($"{instance} procedures {version}", code.ModuleType.Assembly);
        var assembly = context.LoadFromStream(new MemoryStream(compiled.Assembly!));
        var loaded = new ProcedureVersion(version, context, assembly.GetType(compiled.VersionClass, throwOnError: true)!);
        procedures.Loaded(loaded);
        try
        {
            procedures.AddFields(loaded, compiled.AddedFields);
        }
        catch (ReconfigurationException)
        {
            procedures.UnloadUnbound();
            throw;
        }
        var whenIdle = procedures.Table.Identities.Where(i => options.WhenIdle.Any(q => i == q || i.StartsWith(q + "(", StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);
        var byIdentity = compiled.Procedures.Where(p => p.Slot is not null).ToDictionary(p => p.Slot!, StringComparer.Ordinal);
        var steps = plan.Steps.Select(step => new PendingStep(step, step.Slots.ToDictionary(
            slot => slot,
            slot => loaded.Bind(byIdentity[slot].Method, procedures.Table.SlotType(slot), procedures.Module), StringComparer.Ordinal))).ToList();
        return new ProcedureSwitch(procedures, loaded, steps, whenIdle, options.WhileActive, _services.Time);
    }

    private async Task RecordProcedureUpdateAsync(string title, ProcedureUpdateOptions options, DateTimeOffset at, TimeSpan duration, string plan, int steps, string? error)
    {
        var entry = new ReconfigurationEvent(0, at, options.RequestedBy, title, plan, steps, duration, TimeSpan.Zero,
            error is null ? ReconfigurationOutcome.Committed : ReconfigurationOutcome.Failed, error);
        await Recorded(title, () => _eventLog.AppendAsync(entry, CancellationToken.None)).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The procedure compiler's warm-up failed; the first procedure update will take longer")]
    private partial void LogWarmUpFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Procedure update of {Instance} compiled ({Title}): {Steps} steps to switch as its procedures become inactive")]
    private partial void LogProcedureSwitchBegun(string instance, string title, int steps);
}
