using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Midflight.Cli;

/// <summary>Durations as people type them on a command line: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, or <c>hh:mm:ss</c>.</summary>
internal static partial class Duration
{
    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex WithUnit();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        var match = WithUnit().Match(text.Trim());
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            duration = match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    /// <summary>An option that takes a duration, with an error naming the option for anything else.</summary>
    public static Option<TimeSpan?> Option(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (TryParse(text, out var parsed))
            {
                return parsed;
            }
            result.AddError($"{name} takes a duration such as 500ms, 30s, 5m or 1h, not '{text}'");
            return null;
        },
    };
}
