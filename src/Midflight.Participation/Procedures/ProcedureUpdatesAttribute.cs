namespace Midflight;

/// <summary>
/// Opts a module class in to procedure-level updates (PODUS, DYMOS): the build routes the calls
/// between its procedures through a binding table of its own, one slot per procedure, so that a
/// running instance can switch single procedures to new code while it keeps running.
/// </summary>
/// <remarks>
/// A procedure is an instance method of the class that is not on its reconfiguration graph, not an
/// override, not generic and not async or an iterator; calls to it on <c>this</c> go through its slot.
/// The module must derive from <see cref="Module"/>: the runtime tells which procedures are active
/// from its thread's stack. See docs/updates.md.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ProcedureUpdatesAttribute : Attribute;
