using Microsoft.Extensions.Logging;

namespace Midflight;

/// <summary>
/// What every module has, whichever way it runs: its name, writing to interfaces, asking whether
/// messages wait, time, output, and the divulge/install hooks of manual participation. Derive from
/// <see cref="Module"/> (own thread) or <see cref="AsyncModule"/> (thread pool), not from this.
/// </summary>
public abstract class ModuleBase
{
    private IModulePort? _port;

    internal IModulePort Port => _port ?? throw new InvalidOperationException(
        "the module is not attached to a bus: modules are created and run by a Midflight node, not by hand");

    internal void Attach(IModulePort port) => _port = port;

    /// <summary>The context of this instance's participation code, which the build generates into prepared modules.</summary>
    protected CaptureContext CaptureContext { get; }

    internal CaptureContext Participation => CaptureContext;

    // Sealed hierarchy: the runtime knows how to run exactly these two kinds of module.
    private protected ModuleBase()
    {
        CaptureContext = new CaptureContext();
#pragma warning disable CA2214 // The generated override only creates the table; derived constructors, which may call procedures, run after it.
        Procedures = CreateProcedureTable();
#pragma warning restore CA2214
    }

    /// <summary>
    /// Creates this instance's binding table: the build generates the override in a module marked
    /// <see cref="ProcedureUpdatesAttribute"/>. Called before the module's own constructor body.
    /// </summary>
    protected virtual ProcedureTable? CreateProcedureTable() => null;

    /// <summary>
    /// The instance's binding table, or null if its module was not built for procedure updates. Held
    /// here, not in a field of the module, so that it is never taken for the module's state: an
    /// instance that takes over another's state creates its own table.
    /// </summary>
    protected internal ProcedureTable? Procedures { get; }

    /// <summary>The instance name in the application, such as <c>compute</c>.</summary>
    protected string InstanceName => Port.InstanceName;

    /// <summary>The node's clock. Use it for all time, so that tests can run modules on fake time.</summary>
    protected TimeProvider Time => Port.Time;

    protected ILogger Logger => Port.Logger;

    /// <summary>Cancelled when this instance is deleted; every blocking call then throws <see cref="OperationCanceledException"/>.</summary>
    protected CancellationToken Stopping => Port.Stopping;

    /// <summary>Sends a message on a define, client or server interface (for a server: the reply to the oldest request read and not yet answered).</summary>
    /// <exception cref="MessageRefusedException">The message does not match the interface's pattern, or the interface cannot send it.</exception>
    protected void Write(string interfaceName, Message message) => Port.Write(interfaceName, message);

    /// <summary>Whether a message waits on an incoming interface (the paper's <c>mh_query_ifmsgs</c>).</summary>
    protected bool HasMessages(string interfaceName) => Port.HasMessages(interfaceName);

    /// <summary>Writes a line of the module's output; the node shows it with the instance's name.</summary>
    protected void Print(string text) => Port.Print(text);

    /// <summary>
    /// Commits the module's state: for an instance of a stable group, its fields as they are now are
    /// written to the node's stable store before this returns, and a node started again — after a
    /// crash, say — starts the instance with them (its run begins again from the start; its stack is
    /// not kept). Call it where the state is whole, as Argus commits an action: after a request is
    /// handled, before it is answered.
    /// </summary>
    /// <returns>Whether the state was written: false for an instance of no stable group, which keeps nothing.</returns>
    /// <exception cref="InvalidOperationException">The store failed; nothing was written.</exception>
    protected bool CommitState() => Port.CommitState();

    /// <summary>Called on the node's control thread while this instance is paused, to hand its state to its replacement.</summary>
    protected internal virtual void Divulge(DivulgedState state)
    {
    }

    /// <summary>Called before the instance first runs when it replaces another, with the state that one divulged.</summary>
    protected internal virtual void Install(DivulgedState state)
    {
    }
}
