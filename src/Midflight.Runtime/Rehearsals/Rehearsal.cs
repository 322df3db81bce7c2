using System.Collections.Immutable;

namespace Midflight.Runtime;

/// <summary>
/// What a rehearsal of an update found (<see cref="Node.RehearseAsync"/>): whether the new version took
/// the live instance's state — its state mappers run, its fields set, its frames read — and if not, why,
/// in the words of the mapper or the check that failed; and, when it was given messages, what it did
/// with them (<see cref="Run"/>).
/// </summary>
/// <param name="Succeeded">The new version took the state and, given messages, ran on them without an exception or a refused write.</param>
/// <param name="Failure">What went wrong, if it did not succeed.</param>
/// <param name="Fields">The fields of the state it took.</param>
/// <param name="Frames">The frames of the stack it took.</param>
/// <param name="Mappers">The state mappers that ran, by name.</param>
public sealed record Rehearsal(bool Succeeded, string? Failure, int Fields, int Frames, ImmutableArray<string> Mappers)
{
    /// <summary>Of a procedure update: the procedures it switched, by identity, in the order they did.</summary>
    public ImmutableArray<string> Switched { get; init; } = [];

    /// <summary>The new version's run on the messages it was given; null if it was given none.</summary>
    public RehearsalRun? Run { get; init; }

    internal static Rehearsal Failed(string failure) => new(false, failure, 0, 0, []);
}

/// <summary>
/// A rehearsed version's run on recorded or given messages, in a sandbox: how far it got, why it
/// stopped, what went wrong, and where its outputs first differ from the live module's.
/// </summary>
/// <param name="Messages">The messages it was given.</param>
/// <param name="Taken">How many of them it took before it stopped.</param>
/// <param name="Outputs">How many messages it wrote and lines it printed.</param>
/// <param name="LiveOutputs">How many the live module made on the same messages; null if not known (a file of messages only).</param>
/// <param name="Ended">Why the run stopped, such as that it read an interface with no message left.</param>
/// <param name="Fault">The exception its run ended with, or the write the bus would have refused, with the message it had taken last; null if none.</param>
/// <param name="Divergence">Its first output that differs from the live module's; null if none did, or the live outputs are not known.</param>
public sealed record RehearsalRun(int Messages, int Taken, int Outputs, int? LiveOutputs, string Ended, string? Fault, Divergence? Divergence);

/// <summary>
/// The first place a rehearsed version's outputs differ from what the live module made on the same
/// messages: output number <paramref name="Output"/> (from 1), made after it had taken
/// <paramref name="AfterMessages"/> messages. <paramref name="Live"/> or <paramref name="Rehearsed"/>
/// is null where that side made no such output.
/// </summary>
public sealed record Divergence(int Output, int AfterMessages, string? Live, string? Rehearsed)
{
    public override string ToString() =>
        $"output {Output} (after {AfterMessages} message{(AfterMessages == 1 ? "" : "s")}): the live module {Live ?? "made no such output"}; the new version {Rehearsed ?? "made no such output"}";
}
