using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Midflight.Cli;

/// <summary>
/// Durations as people type them on a command line: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>,
/// <c>1d</c>, or <c>hh:mm:ss</c>. A bare number is refused: <c>--for 20</c> could mean seconds or days.
/// </summary>
internal static partial class Duration
{
    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex WithUnit();

    [GeneratedRegex(@"^\d{1,2}:\d{2}:\d{2}(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Clock();

    /// <summary>The longest duration taken: what a node's timers can count.</summary>
    public static TimeSpan Longest => Runtime.Reconfiguration.LongestTimeout;

    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        duration = default;
        var match = WithUnit().Match(text);
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            var milliseconds = amount * match.Groups["unit"].Value switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => 86_400_000,
            };
            if (milliseconds > Longest.TotalMilliseconds)
            {
                return false;
            }
            duration = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }
        return Clock().IsMatch(text) && TimeSpan.TryParseExact(text, [@"h\:mm\:ss", @"h\:mm\:ss\.FFFFFFF"], CultureInfo.InvariantCulture, out duration);
    }

    /// <summary>An option that takes a duration, with an error naming the option for anything else.</summary>
    public static Option<TimeSpan?> Option(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (TryParse(text, out var parsed) && parsed > TimeSpan.Zero)
            {
                return parsed;
            }
            result.AddError(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? $"{name} takes a duration with its unit, such as {text}s or {text}ms, not '{text}' alone"
                : $"{name} takes a duration above zero and at most {Longest.TotalDays:0} days, such as 500ms, 30s, 5m, 1h or hh:mm:ss, not '{text}'");
            return null;
        },
    };
}
