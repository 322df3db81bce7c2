namespace Midflight.Control;

/// <summary>
/// What a request to the control API asks of its token, from the least to the most: to look at the
/// node, to change one named instance, or to run a script (C# planning in a process the node starts,
/// which may change anything: the strongest right).
/// </summary>
public enum ControlRight
{
    /// <summary>Status and the event log: looking, changing nothing.</summary>
    Read,

    /// <summary>A change of one instance — replace, update, move, remove, replicate, rollback, procedure updates — and capturing its state, which pauses it at a point and shows its memory.</summary>
    Change,

    /// <summary>A reconfiguration script: any change of anything.</summary>
    Script,
}
