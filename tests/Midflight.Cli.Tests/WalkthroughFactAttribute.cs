namespace Midflight.Cli.Tests;

/// <summary>
/// A test that follows a README's walkthrough: it builds the example's projects and runs them on real
/// time, minutes on a shared two-core machine, so it runs only when asked, with
/// <c>MIDFLIGHT_WALKTHROUGHS=1</c>.
/// </summary>
internal sealed class WalkthroughFactAttribute : FactAttribute
{
    public const string Variable = "MIDFLIGHT_WALKTHROUGHS";

    public WalkthroughFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"a walkthrough builds and runs an example for minutes: set {Variable}=1 to follow it";
        }
    }
}
