using System.Collections.Immutable;
using Midflight.Model;

namespace Midflight.Runtime;

/// <summary>
/// One primitive of a reconfiguration. A reconfiguration is a list of these, checked as a whole and
/// then carried out as one transaction: all of them, or none.
/// </summary>
public abstract record ReconfigurationStep;

/// <summary>Adds a module instance (not yet running) from a specification.</summary>
public sealed record AddModule(ModuleRef Module, ModuleSpec Spec) : ReconfigurationStep
{
    /// <summary>The code to run, already loaded, rather than what the source names now: a backout reinstates exactly the old version.</summary>
    internal Loading.ModuleCode? Code { get; init; }

    /// <summary>The code to run as it was built, loaded again if need be, rather than what the source names now: a rollback reinstates exactly the old version.</summary>
    internal Loading.ModuleImage? Image { get; init; }

    /// <summary>Whether a project source is built again, even if the node built it before: an update takes the version as its sources are now.</summary>
    public bool Rebuild { get; init; }

    /// <summary>The node built its project before the transaction began (see <see cref="Node.ReconfigureAsync"/>): the transaction only loads it.</summary>
    internal bool BuiltAhead { get; init; }

    /// <summary>Why the build before the transaction failed: the transaction refuses at this step with it, without building again.</summary>
    internal ModuleLoadException? BuildFailure { get; init; }

    public override string ToString() => $"add module {Module} from {Spec.Source}{(Rebuild ? ", built again" : "")}";
}

/// <summary>
/// Updates procedures of a running instance (see <see cref="Node.UpdateProceduresAsync"/>): not a step
/// of a transaction — its switch happens on the module's own thread, when its procedures are inactive —
/// so a plan of these is carried out one update after the other, and a plan cannot mix them with
/// steps that change the configuration.
/// </summary>
/// <param name="Instance">The running instance whose procedures change.</param>
/// <param name="Procedures">By name or identity; empty for every procedure whose source changed.</param>
/// <param name="Source">The new code (a .cs file, a folder or a project), relative to the node's folder; null for the module's project as it is.</param>
public sealed record UpdateProcedures(string Instance, ImmutableArray<string> Procedures, string? Source) : ReconfigurationStep
{
    /// <summary>DYMOS's <c>when Q1..Qm idle</c>.</summary>
    public ImmutableArray<string> WhenIdle { get; init; } = [];

    public override string ToString() =>
        $"update procedures {(Procedures.IsDefaultOrEmpty ? "(every changed one)" : string.Join(", ", Procedures))} of {Instance}"
        + (Source is null ? "" : $" from {Source}") + (WhenIdle.IsDefaultOrEmpty ? "" : $" when {string.Join(", ", WhenIdle)} idle");
}

/// <summary>Deletes a module instance; it is first paused at a quiet moment. Its bindings must be deleted too.</summary>
public sealed record DeleteModule(ModuleRef Module) : ReconfigurationStep
{
    /// <summary>
    /// Delete it without waiting for a quiet moment — for an instance that never gives control back:
    /// it is cut off from the bus at once (its reads and writes throw), what was queued for it is
    /// dropped, and a thread that does not return is reported as leaked, since .NET cannot abort one.
    /// </summary>
    public bool Forced { get; init; }

    /// <summary>
    /// Delete it once drained (MTS's way): it is held only for a moment, at its next read, write or
    /// delay, while its use and server queues go to the instance the plan copies them to; then it runs
    /// on beside that instance, answers the requests it had read — its replies to a client go before
    /// those the new instance makes to the same client — and is deleted at its first quiet moment.
    /// It keeps its state, its client interfaces and their replies: nothing moves from it.
    /// </summary>
    public bool Drained { get; init; }

    public override string ToString() => Forced ? $"delete module {Module} by force" : Drained ? $"delete module {Module} once drained" : $"delete module {Module}";
}

/// <summary>Binds an outgoing interface (define, client) to an incoming one (use, server).</summary>
public sealed record AddBinding(EndpointRef From, EndpointRef To) : ReconfigurationStep
{
    public override string ToString() => $"add binding {From} -> {To}";
}

public sealed record DeleteBinding(EndpointRef From, EndpointRef To) : ReconfigurationStep
{
    public override string ToString() => $"delete binding {From} -> {To}";
}

/// <summary>Copies the messages queued at one incoming interface to another (<c>cpq</c>); later messages follow them.</summary>
public sealed record CopyQueue(EndpointRef From, EndpointRef To) : ReconfigurationStep
{
    public override string ToString() => $"copy queue {From} to {To}";
}

/// <summary>Discards the messages queued at an incoming interface (<c>rmq</c>).</summary>
public sealed record RemoveQueue(EndpointRef At) : ReconfigurationStep
{
    public override string ToString() => $"remove queue {At}";
}

/// <summary>Has a current module divulge its state at a quiet moment and a new one install it.</summary>
public sealed record MoveState(ModuleRef From, ModuleRef To) : ReconfigurationStep
{
    public override string ToString() => $"move state from {From} to {To}";
}

/// <summary>Starts a new module, or resumes one a previous reconfiguration stopped.</summary>
public sealed record StartModule(ModuleRef Module) : ReconfigurationStep
{
    public override string ToString() => $"start module {Module}";
}

/// <summary>Holds a module at its next quiet moment until a later reconfiguration starts it again.</summary>
public sealed record StopModule(ModuleRef Module) : ReconfigurationStep
{
    public override string ToString() => $"stop module {Module}";
}

/// <summary>
/// Gives a new module a state to resume from, instead of the state of a running one: how a backout
/// reinstates the old version with the state it gave up at the switch — the snapshot of its stack and
/// fields, or, for a module without points, what it divulged.
/// </summary>
public sealed record InstallState : ReconfigurationStep
{
    /// <summary>The new module resumes <paramref name="snapshot"/>'s stack and fields.</summary>
    public InstallState(ModuleRef to, State.Snapshot snapshot)
    {
        To = to;
        Snapshot = snapshot;
    }

    /// <summary>The new module installs <paramref name="divulged"/> (<see cref="ModuleBase.Install"/>).</summary>
    public InstallState(ModuleRef to, DivulgedState divulged)
    {
        To = to;
        Divulged = divulged;
    }

    public ModuleRef To { get; }

    /// <summary>The snapshot to resume, or null when the state is <see cref="Divulged"/>.</summary>
    public State.Snapshot? Snapshot { get; }

    /// <summary>The divulged state to install, or null when the state is a <see cref="Snapshot"/>.</summary>
    public DivulgedState? Divulged { get; }

    /// <summary>
    /// The instance that ran since the state was taken, and failed: what it read is given back, ahead
    /// of its queues, and as many messages as it wrote on each interface are not written again.
    /// </summary>
    public ModuleRef? ReplaysFrom { get; init; }

    public override string ToString()
    {
        var what = Snapshot is { } snapshot
            ? $"install the snapshot of {snapshot.Module} ({snapshot.Frames.Count} frames) in {To}"
            : $"install the divulged state ({string.Join(", ", Divulged!.Values.Keys)}) in {To}";
        return ReplaysFrom is { } from ? $"{what}, replaying what {from} read" : what;
    }
}
