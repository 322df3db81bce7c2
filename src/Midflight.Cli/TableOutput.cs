using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// A table as a terminal shows it, with borders and colours, and as plain lines everywhere else: a
/// pipe, a file, a CI log. There cells are never wrapped, so that each row stays one line that
/// <c>grep</c> and <c>awk</c> can read; columns are padded with spaces.
/// </summary>
internal sealed class TableOutput(params string[] headers)
{
    private readonly List<Cell[]> _rows = [];

    /// <summary>A console width no line reaches, for output that must not wrap.</summary>
    public const int Unwrapped = 1 << 16;

    public void Add(params Cell[] cells) => _rows.Add(cells);

    public void Write(IAnsiConsole console)
    {
        if (console.Profile.Out.IsTerminal)
        {
            var table = new Table().AddColumns(headers);
            foreach (var row in _rows)
            {
                table.AddRow(row.Select(cell => new Text(cell.Text, new Style(cell.Color))));
            }
            console.Write(table);
            return;
        }
        var widths = headers.Select((header, column) => _rows.Select(row => row[column].Text.Length).Prepend(header.Length).Max()).ToArray();
        var writer = console.Profile.Out.Writer;
        foreach (var line in _rows.Select(row => row.Select(c => c.Text)).Prepend(headers))
        {
            writer.WriteLine(string.Join("  ", line.Select((text, column) => column == widths.Length - 1 ? text : text.PadRight(widths[column]))).TrimEnd());
        }
    }
}

/// <summary>A table cell's text, one line, and its colour on a terminal.</summary>
internal readonly record struct Cell(string Text, Color? Color = null)
{
    public static implicit operator Cell(string text) => new(text.ReplaceLineEndings(" "));
}
