using System.Text.RegularExpressions;

namespace Midflight.Cli.Tests;

/// <summary>
/// The commands of a README's walkthrough, read from the README itself so that the two cannot drift
/// apart: every line of a <c>```sh</c> block that runs the midflight command — written
/// <c>midflight …</c>, or <c>dotnet run --project src/Midflight.Cli -- …</c> — in the order written.
/// A <c>```text</c> block right after a <c>```sh</c> block (blank lines between at most) shows what
/// the last command of that block prints: some of its lines, <c>…</c> standing for anything. Other
/// lines of a <c>```sh</c> block (building, an alias, <c>dotnet test</c>) are the reader's set-up,
/// not steps.
/// </summary>
internal sealed partial record Walkthrough(IReadOnlyList<Walkthrough.Step> Steps)
{
    private static readonly string[] Prefixes = ["midflight ", "dotnet run --project src/Midflight.Cli -- "];

    /// <summary>One command: its arguments as the README writes them, and the lines it shows of its output.</summary>
    public sealed record Step(string Command, IReadOnlyList<string> Arguments, IReadOnlyList<string> Shown)
    {
        public string Verb => Arguments[0];

        /// <summary>The README shows it refused, with the <c>error:</c> line the command prints.</summary>
        public bool IsRefused => Shown.Any(line => line.StartsWith("error:", StringComparison.Ordinal));

        /// <summary>
        /// Each line shown, as a pattern of a whole (trimmed) line of output, <c>…</c> and the spaces
        /// around it standing for anything (<c>… Module client started</c> is the log line however it
        /// is prefixed); a line that is only <c>…</c> marks an elision.
        /// </summary>
        public IEnumerable<Regex> ShownLines => Shown
            .Select(line => line.Trim())
            .Where(line => line is not ("…" or ""))
            .Select(line => new Regex("^" + string.Join(".*", line.Split('…').Select(part => Regex.Escape(part.Trim()))) + "$", RegexOptions.CultureInvariant));
    }

    [GeneratedRegex(@"^```(?<info>\S*)\s*$")]
    private static partial Regex Fence();

    public static Walkthrough Read(string readme)
    {
        var steps = new List<Step>();
        // Whether the block just closed was a ```sh block with a command, with only blank lines since.
        var commandJustShown = false;
        string? info = null;
        var block = new List<string>();
        foreach (var (line, number) in File.ReadAllLines(readme).Select((l, i) => (l, i + 1)))
        {
            var fence = Fence().Match(line);
            if (info is null && fence.Success)
            {
                info = fence.Groups["info"].Value;
                block.Clear();
            }
            else if (info is not null && line.Trim() == "```")
            {
                if (info == "text" && commandJustShown)
                {
                    steps[^1] = steps[^1] with { Shown = [.. block] };
                }
                var before = steps.Count;
                if (info == "sh")
                {
                    steps.AddRange(block.Select(l => l.Trim()).Where(IsCommand).Select(c => Parse(c, readme, number)));
                }
                commandJustShown = steps.Count > before;
                info = null;
            }
            else if (info is not null)
            {
                block.Add(line);
            }
            else if (line.Trim().Length > 0)
            {
                commandJustShown = false;
            }
        }
        return new Walkthrough(steps);
    }

    private static bool IsCommand(string line) => Prefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal));

    private static Step Parse(string command, string readme, int blockEnd)
    {
        if (command.IndexOfAny(['"', '\'', '\\', '|', '>', '&', ';']) >= 0 || command.Contains(" #", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"{readme}: the ```sh block ending on line {blockEnd} has a command this test cannot split at its spaces: {command}");
        }
        var prefix = Prefixes.First(p => command.StartsWith(p, StringComparison.Ordinal));
        return new Step(command, command[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries), []);
    }
}
