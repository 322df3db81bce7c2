using System.Collections.Immutable;
using Midflight.Model.Diagnostics;
using Midflight.Model.Syntax;

namespace Midflight.Model;

/// <summary>The outcome of parsing: a configuration when there are no errors, and every diagnostic found.</summary>
public sealed record ParseResult(Configuration? Configuration, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => Configuration is not null;
}

/// <summary>Parses configuration text. It never throws: every problem is a diagnostic.</summary>
public static class ConfigurationParser
{
    public static ParseResult Parse(string text, string file = "<input>")
    {
        var diagnostics = new List<Diagnostic>();
        var tokens = new Lexer(text, file, diagnostics).Tokenize();
        var syntax = new Parser(tokens, diagnostics).ParseFile();
        // Rules above the grammar are checked only on text that parsed: on broken text they would
        // mostly repeat the syntax error in other words.
        var configuration = diagnostics.Count == 0 ? new ConfigurationBinder(file, diagnostics).Bind(syntax) : null;
        return new ParseResult(configuration, [.. diagnostics]);
    }

    /// <summary>One module declaration alone, as <see cref="ConfigurationPrinter.Print(ModuleSpec)"/> writes it.</summary>
    /// <returns>The module, or null and the diagnostics when it does not parse.</returns>
    public static (ModuleSpec? Module, ImmutableArray<Diagnostic> Diagnostics) ParseModule(string text, string file = "<input>")
    {
        ArgumentNullException.ThrowIfNull(text);
        // A declaration alone is no configuration: give it an application of one instance to parse.
        var name = text.Split((char[])[' ', '\n', '{'], StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } words ? words[1] : "";
        var result = Parse(text + $"\nmodule declared {{ instance it : {name} }}", file);
        return (result.Configuration?.Modules[0], result.Diagnostics);
    }
}
