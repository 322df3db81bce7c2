namespace Midflight.Cli.Tests;

/// <summary>
/// A brute-force test across node processes: minutes of real processes started, moved between and
/// killed. CI runs the same guarantees in one process, across three nodes on real Akka.Remote
/// (<c>ClusterRandomReconfigurationTests</c>), and the process kills in their own tests;
/// <c>MIDFLIGHT_BRUTE_FORCE=1</c> runs these too.
/// </summary>
internal sealed class BruteForceFactAttribute : FactAttribute
{
    public const string Variable = "MIDFLIGHT_BRUTE_FORCE";

    public BruteForceFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"{Variable}=1 runs the brute force across node processes, which takes a minute or more";
        }
    }
}
