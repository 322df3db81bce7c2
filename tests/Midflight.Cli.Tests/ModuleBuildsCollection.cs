namespace Midflight.Cli.Tests;

/// <summary>
/// Tests that run an example's node, which builds its projects with the SDK (<c>dotnet build -c
/// Release</c>, the src/ projects they reference included), run alone: two builds of one project at
/// once trip over each other's files, and each loads the machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModuleBuildsCollection
{
    public const string Name = "module builds";
}
