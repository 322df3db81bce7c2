using Midflight.Transform.Procedures;

namespace Midflight.Runtime.Procedures;

/// <summary>One step of a pending switch: the slots it rebinds, and when it did.</summary>
internal sealed class PendingStep(UpdateStep step, IReadOnlyDictionary<string, Delegate> bindings)
{
    public UpdateStep Step { get; } = step;

    public IReadOnlyDictionary<string, Delegate> Bindings { get; } = bindings;

    public DateTimeOffset? SwitchedAt { get; set; }
}

/// <summary>
/// A procedure update waiting to switch, step by step, in its plan's order (callees first). The
/// module's own thread advances it at its bus operations: a step switches when none of its
/// procedures, and none of the procedures named by <c>--when-idle</c>, is active; otherwise the
/// procedures that hold it are noted, and it is looked at again at the next operation — after an
/// active procedure has returned. Giving up (a timeout) and advancing exclude each other, so a
/// step either switched before the give-up or never does.
/// </summary>
internal sealed class ProcedureSwitch(InstanceProcedures procedures, ProcedureVersion version, IReadOnlyList<PendingStep> steps, IReadOnlySet<string> whenIdle, bool whileActive, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _givenUp;

    public ProcedureVersion Version { get; } = version;

    public IReadOnlyList<PendingStep> Steps { get; } = steps;

    /// <summary>Completes when every step has switched; fails if a step's mapper threw, which stops the switch there.</summary>
    public Task Done => _done.Task;

    /// <summary>The procedures found active the last time a step could not switch: what holds it.</summary>
    public IReadOnlyList<string> HeldBy { get; private set; } = [];

    /// <summary>Switches the steps it can; on the module's thread, with the procedures active on its stack.</summary>
    /// <returns>Whether the switch is over: done, or given up.</returns>
    public bool Advance(IReadOnlySet<string> active)
    {
        lock (_gate)
        {
            if (_givenUp)
            {
                return true;
            }
            foreach (var pending in Steps.Where(s => s.SwitchedAt is null))
            {
                var blocking = (whileActive ? whenIdle : pending.Step.Slots.Concat(whenIdle)).Where(active.Contains).Distinct(StringComparer.Ordinal).ToList();
                if (blocking.Count > 0)
                {
                    HeldBy = blocking;
                    return false;
                }
                try
                {
                    procedures.MapFieldsOf(Version, pending.Step.Slots);
                }
                catch (ReconfigurationException exception)
                {
                    // The step's procedures keep their running code, and so does every step after it.
                    HeldBy = [];
                    _done.TrySetException(exception);
                    return true;
                }
                foreach (var (slot, implementation) in pending.Bindings)
                {
                    procedures.Bind(slot, implementation, Version);
                }
                pending.SwitchedAt = time.GetUtcNow();
            }
            HeldBy = [];
            _done.TrySetResult();
            return true;
        }
    }

    /// <summary>Stops the switch where it stands: the steps not switched never will, their procedures keep the code they run.</summary>
    public void GiveUp()
    {
        lock (_gate)
        {
            _givenUp = true;
        }
    }
}
