using System.Globalization;

namespace Midflight.Benchmarks;

/// <summary>The <c>--name value</c> pairs of the harnesses' command lines (a bad one ends the run with its usage: see Program.cs).</summary>
internal sealed class Switches
{
    private readonly Dictionary<string, string> _values;

    private Switches(Dictionary<string, string> values) => _values = values;

    /// <exception cref="SwitchException">A switch is unknown, lacks its value, or a required one is missing.</exception>
    public static Switches Parse(string[] args, params string[] names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!names.Contains(args[i]) || i + 1 == args.Length)
            {
                throw new SwitchException($"'{args[i]}' is not one of {string.Join(", ", names)} followed by its value");
            }
            values[args[i]] = args[i + 1];
        }
        return new Switches(values);
    }

    /// <exception cref="SwitchException">The switch was not given.</exception>
    public string this[string name] => _values.TryGetValue(name, out var value) ? value : throw new SwitchException($"{name} is required");

    /// <exception cref="SwitchException">The value is not a positive whole number.</exception>
    public int Count(string name, int byDefault)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return byDefault;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new SwitchException($"{name} takes a positive whole number, not '{text}'");
    }
}
