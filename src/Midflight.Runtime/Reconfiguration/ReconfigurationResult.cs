namespace Midflight.Runtime;

/// <summary>
/// What a committed reconfiguration cost: its whole duration, how long the modules it paused were
/// held (zero when it paused none, as when an application starts), and for each module that moved
/// its stack at a reconfiguration point, how many frames deep it was.
/// </summary>
public sealed record ReconfigurationResult(int Steps, TimeSpan Duration, TimeSpan Paused)
{
    public IReadOnlyDictionary<string, int> MovedFrames { get; init; } = new Dictionary<string, int>();

    /// <summary>For a change given a <see cref="Reconfiguration.PauseBudget"/>, the pause predicted before anything stopped; null without one.</summary>
    public TimeSpan? PredictedPause { get; init; }

    /// <summary>
    /// The updated instances whose lazily converted objects (<c>Versioned</c>) went to the new version as
    /// they were: they have no health window, for there is no old state to back out to.
    /// </summary>
    public IReadOnlyList<string> CarriedLazily { get; init; } = [];

    /// <summary>
    /// The instances whose old version runs on beside the new one until drained (see
    /// <see cref="DeleteModule.Drained"/>), each with the requests it had in progress at the switch.
    /// </summary>
    public IReadOnlyDictionary<string, int> Draining { get; init; } = new Dictionary<string, int>();

    /// <summary>The instances whose code changed, each with what a backout would reinstate.</summary>
    internal IReadOnlyList<Updates.UpdatedInstance> Updated { get; init; } = [];

    /// <summary>The instances whose state and stack moved to new ones running the same code: a health window open for one goes on in the other.</summary>
    internal IReadOnlyList<(Hosting.ModuleHost From, Hosting.ModuleHost To)> Continued { get; init; } = [];
}
