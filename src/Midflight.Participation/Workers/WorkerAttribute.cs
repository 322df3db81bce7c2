namespace Midflight;

/// <summary>
/// Declares a method of a <see cref="Module"/> a worker: the node runs it on a thread of its own
/// beside the module's <c>Run</c>, <see cref="Count"/> times (<c>void Crunch()</c>, or
/// <c>void Crunch(int index)</c> to tell them apart), from the moment the module starts. A
/// reconfiguration captures the module once every worker stands at a reconfiguration point, or has
/// ended: the snapshot holds every worker's stack, and the new instance starts each again from it.
/// </summary>
/// <remarks>
/// Workers share the module's fields; they do not use the bus — they take their work from, and hand
/// it back through, <see cref="WorkQueue{T}"/>s the module holds, and may print. The build refuses a
/// worker that reaches no reconfiguration point, and a point reached while a <c>lock</c> is held
/// (see docs/updates.md, "Modules with workers").
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WorkerAttribute(int count = 1) : Attribute
{
    /// <summary>How many workers run the method, each with its index, 0 to <c>Count - 1</c>.</summary>
    public int Count { get; } = count;
}
