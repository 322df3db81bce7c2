namespace Midflight.Runtime;

/// <summary>Where a module instance is in its life.</summary>
public enum ModuleStatus
{
    /// <summary>Added but not started: messages queue for it.</summary>
    Created,

    /// <summary>Executing its own code.</summary>
    Running,

    /// <summary>Blocked in a read or a delay.</summary>
    Waiting,

    /// <summary>Blocked in a write to a full queue until its reader makes room (backpressure): not a quiet moment.</summary>
    Held,

    /// <summary>Held at a quiet moment by a reconfiguration.</summary>
    Paused,

    /// <summary>Stopped at a reconfiguration point with its stack captured, for a replacement (or, if the reconfiguration fails, itself) to resume.</summary>
    Captured,

    /// <summary>Its run returned.</summary>
    Completed,

    /// <summary>Its run threw.</summary>
    Faulted,

    /// <summary>Deleted by a reconfiguration or by the node stopping.</summary>
    Deleted,

    /// <summary>Hosted by another node of the cluster, which knows what it is doing.</summary>
    Remote,

    /// <summary>Lost with the node that hosted it, which left the cluster (died, or was cut off and downed).</summary>
    Lost,
}
