namespace Midflight.TestModules;

/// <summary>
/// A type of a library that a module references: a module's state may hold it, and a snapshot must
/// find it again in the assembly the module's load context gives it, not in the module's own.
/// </summary>
public sealed class Tally(long count)
{
    public long Count { get; } = count;

    public Tally? Previous { get; init; }
}
