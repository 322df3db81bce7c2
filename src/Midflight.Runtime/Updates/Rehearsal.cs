using System.Collections.Immutable;

namespace Midflight.Runtime;

/// <summary>
/// What a rehearsal of an update found (<see cref="Node.RehearseAsync"/>): whether the new version took
/// the live instance's state — its state mappers run, its fields set, its frames read — and if not, why,
/// in the words of the mapper or the check that failed.
/// </summary>
public sealed record Rehearsal(bool Succeeded, string? Failure, int Fields, int Frames, ImmutableArray<string> Mappers)
{
    internal static Rehearsal Failed(string failure) => new(false, failure, 0, 0, []);
}
