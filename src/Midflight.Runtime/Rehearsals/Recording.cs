using System.Collections.Immutable;

namespace Midflight.Runtime;

/// <summary>
/// What a module instance received and wrote for a while (<see cref="Node.RecordMessagesAsync"/>), or a file of
/// messages (<see cref="RecordingJson"/>): the input of a rehearsal that runs a new version on them.
/// </summary>
/// <param name="Instance">The instance recorded, or the one the file of messages is for.</param>
/// <param name="Received">The messages the instance took, as they came on the bus (before any adapter of its version), in the order it took them.</param>
public sealed record Recording(string Instance, ImmutableArray<RecordedMessage> Received)
{
    /// <summary>The module (its specification's name) that was recorded; null for a file that does not say.</summary>
    public string? Module { get; init; }

    /// <summary>When the recording began, on the node's clock: the rehearsal's clock starts there.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>How long the recording ran; a rehearsal does not run its module's delays past it. Null if not known.</summary>
    public TimeSpan? Length { get; init; }

    /// <summary>
    /// What the instance wrote and printed meanwhile, in its order: what the rehearsal's outputs are
    /// compared with. Default (not empty) when not known: a file may give messages only.
    /// </summary>
    public ImmutableArray<ModuleOutput> Outputs { get; init; }

    /// <summary>
    /// Per incoming interface, what the instance was told each time it asked whether a message waited
    /// there (<c>HasMessages</c>), in order: a rehearsal gives the same answers, so that a module that
    /// polls takes the same path as the live one did, whatever the time it runs at. Empty if none, or
    /// not known: a rehearsal then answers from the messages left.
    /// </summary>
    public ImmutableDictionary<string, ImmutableArray<bool>> Polls { get; init; } = ImmutableDictionary<string, ImmutableArray<bool>>.Empty;

    /// <summary>The instance's state when the recording began, the moment its first message was taken after; null to rehearse on the live state.</summary>
    public State.Snapshot? Snapshot { get; init; }

    /// <summary>
    /// Per server interface, the requests the instance had read and not yet answered when the recording
    /// began: the replies it may write first. Empty if none, or not known.
    /// </summary>
    public ImmutableDictionary<string, int> RepliesOwed { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Why the recording ended otherwise than at a quiet moment after its length — cut, full, or the module's run over — or null.</summary>
    public string? Ending { get; init; }
}

/// <summary>A message an instance took from one of its incoming interfaces, <paramref name="At"/> after its recording began.</summary>
public sealed record RecordedMessage(TimeSpan At, string Interface, Message Message);

/// <summary>
/// One output of a module: a message it wrote on <see cref="Interface"/>, or a line it printed
/// (<see cref="Printed"/>), <paramref name="At"/> after its recording or rehearsal began.
/// </summary>
public sealed record ModuleOutput(TimeSpan At, string? Interface, Message Message, string? Printed)
{
    public static ModuleOutput Written(TimeSpan at, string interfaceName, Message message) => new(at, interfaceName, message, null);

    public static ModuleOutput Print(TimeSpan at, string text) => new(at, null, default, text);

    /// <summary>Whether two outputs say the same, whenever they were made.</summary>
    public bool SameAs(ModuleOutput other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Interface == other.Interface && Message == other.Message && Printed == other.Printed;
    }

    public override string ToString() => Printed is { } text ? $"printed \"{text}\"" : $"wrote {Message} on '{Interface}'";
}
