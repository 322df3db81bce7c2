using System.Collections.Immutable;

namespace Midflight;

/// <summary>
/// A place where a prepared method's frame can be captured and resumed: its method, its site number,
/// what stands there (a call on the reconfiguration graph or a reconfiguration point), and the
/// variables a frame captured there holds, with their types as C# names them.
/// </summary>
public sealed record ResumeSite(string Method, int Site, string What, ImmutableArray<(string Name, string Type)> Variables)
{
    /// <summary>The method and site, as a snapshot's frame names them: <c>Average(int)#3</c>.</summary>
    public string Key => $"{Method}#{Site}";

    public override string ToString() =>
        $"{Key} {What}" + (Variables.IsEmpty ? "" : ": " + string.Join("; ", Variables.Select(v => $"{v.Name} {v.Type}")));

    /// <summary>Reads what <see cref="ToString"/> writes; the build writes these into <see cref="PreparedForReconfigurationAttribute"/>.</summary>
    /// <exception cref="FormatException">The text is not a resume site.</exception>
    public static ResumeSite Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A method's identity ends with its parameter list; ")#" occurs nowhere inside one.
        var close = text.IndexOf(")#", StringComparison.Ordinal);
        var hash = close < 0 ? -1 : close + 1;
        var space = hash < 0 ? -1 : text.IndexOf(' ', hash);
        if (space < 0 || !int.TryParse(text.AsSpan(hash + 1, space - hash - 1), out var site))
        {
            throw new FormatException($"'{text}' is not a resume site: expected 'Method(parameters)#site what: name type; ...'");
        }
        var rest = text[(space + 1)..];
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        var what = colon < 0 ? rest : rest[..colon];
        var variables = colon < 0
            ? []
            : rest[(colon + 2)..].Split("; ").Select(v =>
            {
                var split = v.IndexOf(' ', StringComparison.Ordinal);
                return split < 0 ? throw new FormatException($"'{text}': variable '{v}' has no type") : (v[..split], v[(split + 1)..]);
            }).ToImmutableArray();
        return new ResumeSite(text[..hash], site, what, variables);
    }
}
