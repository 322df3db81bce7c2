namespace Midflight.Cli.Tests;

/// <summary>
/// A test that drives Debian's Chromium (<see cref="Chromium"/>). On a machine without it, it is
/// skipped and says how to get it, unless <c>MIDFLIGHT_BROWSER_TESTS=1</c> — which <c>.ci/run</c> sets
/// once it has installed Chromium — makes a missing browser a failure: CI never skips it.
/// </summary>
internal sealed class BrowserFactAttribute : FactAttribute
{
    public const string RequiredVariable = "MIDFLIGHT_BROWSER_TESTS";
    public const string ChromiumVariable = "MIDFLIGHT_CHROMIUM";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium) && Environment.GetEnvironmentVariable(RequiredVariable) != "1")
        {
            Skip = $"no Chromium at {Chromium}: install Debian's chromium package (bash .ci/run does), or set {ChromiumVariable} to a Chromium";
        }
    }

    /// <summary>The browser: <c>MIDFLIGHT_CHROMIUM</c>, or Debian's.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";
}
