using System.Globalization;

namespace Midflight.Cli;

/// <summary>Counts in messages, in English: 1 frame, 2 frames.</summary>
internal static class Counted
{
    public static string Of(long count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
}
