namespace Midflight.Runtime.Tests;

/// <summary>
/// Tests that load the machine on purpose (a producer writing flat out) run alone, so they neither
/// starve the other tests nor are starved by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExclusiveCollection
{
    public const string Name = "exclusive";
}
