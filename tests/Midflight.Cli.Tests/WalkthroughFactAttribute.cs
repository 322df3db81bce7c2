namespace Midflight.Cli.Tests;

/// <summary>
/// A test that follows a README's walkthrough: it builds the example's projects and runs them on real
/// time, a minute or two each on a shared two-core machine. They run with the others, since a README
/// that cannot be followed is a broken product; <c>MIDFLIGHT_WALKTHROUGHS=0</c> leaves them out of a
/// quick local run.
/// </summary>
internal sealed class WalkthroughFactAttribute : FactAttribute
{
    public const string Variable = "MIDFLIGHT_WALKTHROUGHS";

    public WalkthroughFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) == "0")
        {
            Skip = $"{Variable}=0 leaves out the walkthroughs, which build and run the examples for minutes";
        }
    }
}
