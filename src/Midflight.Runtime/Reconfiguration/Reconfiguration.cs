using System.Collections.Immutable;
using System.Text;

namespace Midflight.Runtime;

/// <summary>
/// A reconfiguration as data: the list of primitives to apply as one transaction. It can be printed,
/// checked without running, logged and executed (<see cref="Node.ReconfigureAsync"/>).
/// </summary>
public sealed record Reconfiguration(ImmutableArray<ReconfigurationStep> Steps)
{
    public static Reconfiguration Of(params ReadOnlySpan<ReconfigurationStep> steps) => new(ImmutableArray.Create(steps));

    /// <summary>What it does, in a few words, for the event log: <c>replace compute</c>.</summary>
    public string Title { get; init; } = "reconfiguration";

    /// <summary>
    /// How long it may wait for its modules to reach the moment it needs (a reconfiguration point or a
    /// quiet moment) before it is abandoned, the application untouched; by default
    /// <see cref="NodeOptions.QuiesceTimeout"/>. Above zero and at most <see cref="LongestTimeout"/>.
    /// </summary>
    public TimeSpan? Timeout
    {
        get => _timeout;
        init => _timeout = value is not { } timeout || (timeout > TimeSpan.Zero && timeout <= LongestTimeout) ? value
            : throw new ArgumentOutOfRangeException(nameof(Timeout), value, $"a reconfiguration's timeout must be above zero and at most {LongestTimeout.TotalDays:0} days");
    }

    /// <summary>
    /// The longest it may hold its instances still (Segal and Frieder's bounded pause). Before it stops
    /// anything, the node predicts its pause from what would move inside it — the states it captures,
    /// as large as when last captured, the messages of the queues it copies, the instances it holds —
    /// and refuses it if the prediction is over the budget. A committed change reports the pause it
    /// had and the one predicted (<see cref="ReconfigurationResult.PredictedPause"/>). Above zero.
    /// </summary>
    public TimeSpan? PauseBudget
    {
        get => _pauseBudget;
        init => _pauseBudget = value is not { } budget || (budget > TimeSpan.Zero && budget <= LongestTimeout) ? value
            : throw new ArgumentOutOfRangeException(nameof(PauseBudget), value, $"a pause budget must be above zero and at most {LongestTimeout.TotalDays:0} days");
    }

    private readonly TimeSpan? _pauseBudget;

    /// <summary>The longest a reconfiguration may wait, 24 days: within what the platform's timers can count (2^31 ms).</summary>
    public static TimeSpan LongestTimeout { get; } = TimeSpan.FromDays(24);

    private readonly TimeSpan? _timeout;

    /// <summary>
    /// Instances that must be idle — at a quiet moment, with no request in progress — when it happens,
    /// though it changes nothing of theirs (DYMOS's <c>update A when X, Y idle</c>): they are held
    /// there while it commits, then go on.
    /// </summary>
    public ImmutableArray<string> WhenIdle { get; init; } = [];

    /// <summary>Who asked for it, for the event log: by default the user the node runs as.</summary>
    public string RequestedBy { get; init; } = Environment.UserName;

    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Steps.Length; i++)
        {
            text.Append(i + 1).Append(". ").Append(Steps[i]).Append('\n');
        }
        return text.ToString();
    }
}
