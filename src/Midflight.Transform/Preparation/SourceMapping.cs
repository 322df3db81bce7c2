using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Midflight.Transform.Preparation;

/// <summary>
/// Keeps the user's positions through preparation, so that the compiler reports errors and warnings,
/// and the PDB places stack-trace lines and breakpoints, in the user's own file rather than in the
/// prepared one under obj/. Before any pass, every token of a module's file is marked with where it
/// stands; the passes keep the mark on each token they move (Roslyn carries annotations through
/// rewriters and <c>With…</c>), and the tokens they make have none. Once the prepared file is laid
/// out, a line that holds a marked token is mapped by an enhanced <c>#line</c> directive to where that
/// token stood, and a line of generated code alone is <c>#line hidden</c>, which the debugger steps
/// over. A directive is written only where the one before does not already map the line right, so
/// that the file stays readable.
/// </summary>
internal static class SourceMapping
{
    private const string OriginKind = "Midflight.Origin";

    /// <summary>The tree with each token marked with its place in the user's file (as the user's own <c>#line</c> directives map it).</summary>
    public static SyntaxTree Mark(SyntaxTree tree)
    {
        var root = tree.GetRoot();
        var marked = root.ReplaceTokens(root.DescendantTokens(), (original, _) =>
            original.WithAdditionalAnnotations(new SyntaxAnnotation(OriginKind, Origin.Of(original).ToString())));
        return tree.WithRootAndOptions(marked, tree.Options);
    }

    /// <summary>Marks a lowered method: its nullable warnings are not reported (see <see cref="Write"/>).</summary>
    public static readonly SyntaxAnnotation Lowered = new("Midflight.Lowered");

    /// <summary>
    /// Marks the copy of a method that resumes it: the method's own code a second time, whose warnings
    /// the method itself already reports, at the same lines. All warnings are off in it.
    /// </summary>
    public static readonly SyntaxAnnotation Copy = new("Midflight.Copy");

    /// <summary>
    /// The prepared file's text: laid out afresh, with the directives that map it back to the user's file.
    /// Two kinds of warning that lowering would give are turned off in a lowered method, and there only:
    /// CS0164 (a label not referenced), as the dispatch labels every place it may resume at; and the
    /// nullable warnings, as the analysis no longer follows the method's flow (a variable restored from
    /// a frame, a call skipped on resumption).
    /// </summary>
    public static string Write(SyntaxNode root)
    {
        var laidOut = root.NormalizeWhitespace(eol: "\n");
        var text = SourceText.From(laidOut.ToFullString());
        int LineOf(SyntaxToken token) => text.Lines.GetLinePosition(token.SpanStart).Line;

        var before = new Dictionary<int, List<SyntaxTrivia>>();
        void Add(int line, SyntaxTrivia trivia) => (before.TryGetValue(line, out var list) ? list : before[line] = []).Add(trivia);
        foreach (var method in laidOut.GetAnnotatedNodes(Lowered).Where(m => !m.Ancestors().Any(a => a.HasAnnotation(Lowered))))
        {
            // restore, not enable: the project's own settings hold again after the method.
            var start = LineOf(method.GetFirstToken());
            Add(start, Trivia(NullableWarnings(SyntaxKind.DisableKeyword)));
            Add(start, Trivia(UnreferencedLabels(SyntaxKind.DisableKeyword)));
            var after = LineOf(method.GetLastToken().GetNextToken());
            Add(after, Trivia(NullableWarnings(SyntaxKind.RestoreKeyword)));
            Add(after, Trivia(UnreferencedLabels(SyntaxKind.RestoreKeyword)));
        }
        foreach (var copy in laidOut.GetAnnotatedNodes(Copy))
        {
            Add(LineOf(copy.GetFirstToken()), Trivia(Warnings(SyntaxKind.DisableKeyword, [])));
            Add(LineOf(copy.GetLastToken().GetNextToken()), Trivia(Warnings(SyntaxKind.RestoreKeyword, [])));
        }

        var insertions = new Dictionary<SyntaxToken, (int Index, List<SyntaxTrivia> Directives)>();
        Mapping? current = null;
        var hidden = false;
        foreach (var line in laidOut.DescendantTokens().GroupBy(LineOf))
        {
            var first = line.First();
            // A directive takes a line of its own: only before a token that starts its line.
            var lineStart = text.Lines[line.Key].Start;
            var index = first.LeadingTrivia.IndexOf(first.LeadingTrivia.FirstOrDefault(t => t.FullSpan.Start == lineStart));
            if (index < 0 && first.SpanStart == lineStart)
            {
                index = first.LeadingTrivia.Count;
            }
            if (index < 0)
            {
                continue;
            }
            var directives = before.GetValueOrDefault(line.Key) ?? [];
            insertions[first] = (index, directives);
            var anchor = line.FirstOrDefault(t => t.HasAnnotations(OriginKind));
            if (anchor == default)
            {
                if (!hidden)
                {
                    directives.Add(Trivia(HiddenDirective));
                    hidden = true;
                }
                continue;
            }
            var origin = OriginOf(anchor);
            var column = text.Lines.GetLinePosition(anchor.SpanStart).Character;
            if (!hidden && current?.Map(line.Key, column) == origin.Start && current.Path == origin.Path)
            {
                continue;
            }
            // The span ends where the line's last token from the same line of the user's file ends: the
            // statement a sequence point covers, as far as it stands on this line.
            var end = line.Where(t => t.HasAnnotations(OriginKind)).Select(OriginOf)
                .Where(o => o.Path == origin.Path && o.Start.Line == origin.Start.Line)
                .Select(o => o.End)
                .Append(origin.End)
                .Max();
            directives.Add(Trivia(SpanDirective(origin with { End = end }, column)));
            current = new Mapping(line.Key, column, origin.Start, origin.Path);
            hidden = false;
        }
        return laidOut.ReplaceTokens(insertions.Keys.Where(t => insertions[t].Directives.Count > 0), (original, _) =>
        {
            var (index, directives) = insertions[original];
            return original.WithLeadingTrivia(original.LeadingTrivia.InsertRange(index, directives));
        }).ToFullString();
    }

    private static Origin OriginOf(SyntaxToken token) => Origin.Parse(token.GetAnnotations(OriginKind).First().Data!);

    /// <summary><c>#nullable disable warnings</c> or <c>#nullable restore warnings</c>.</summary>
    private static NullableDirectiveTriviaSyntax NullableWarnings(SyntaxKind setting) => NullableDirectiveTrivia(
        Token(SyntaxKind.HashToken),
        Token(TriviaList(), SyntaxKind.NullableKeyword, TriviaList(Space)),
        Token(TriviaList(), setting, TriviaList(Space)),
        Token(SyntaxKind.WarningsKeyword),
        EndOfDirective,
        isActive: true);

    /// <summary><c>#pragma warning disable CS0164</c> or <c>#pragma warning restore CS0164</c>.</summary>
    private static PragmaWarningDirectiveTriviaSyntax UnreferencedLabels(SyntaxKind setting) => Warnings(setting, ["CS0164"]);

    /// <summary><c>#pragma warning disable|restore codes</c>; every warning where there are none.</summary>
    private static PragmaWarningDirectiveTriviaSyntax Warnings(SyntaxKind setting, string[] codes) => PragmaWarningDirectiveTrivia(
        Token(SyntaxKind.HashToken),
        Token(TriviaList(), SyntaxKind.PragmaKeyword, TriviaList(Space)),
        Token(TriviaList(), SyntaxKind.WarningKeyword, TriviaList(Space)),
        Token(TriviaList(), setting, TriviaList(codes.Length == 0 ? [] : [Space])),
        SeparatedList<ExpressionSyntax>(codes.Select(IdentifierName)),
        EndOfDirective,
        isActive: true);

    private static LineDirectiveTriviaSyntax HiddenDirective => LineDirectiveTrivia(
        Token(SyntaxKind.HashToken),
        Token(TriviaList(), SyntaxKind.LineKeyword, TriviaList(Space)),
        Token(SyntaxKind.HiddenKeyword),
        default,
        EndOfDirective,
        isActive: true);

    private static SyntaxToken EndOfDirective => Token(TriviaList(), SyntaxKind.EndOfDirectiveToken, TriviaList(EndOfLine("\n")));

    /// <summary><c>#line (line, character) - (line, character) offset "file"</c>, all 1-based.</summary>
    private static LineSpanDirectiveTriviaSyntax SpanDirective(Origin origin, int column) =>
        LineSpanDirectiveTrivia(
            Token(SyntaxKind.HashToken),
            Token(TriviaList(), SyntaxKind.LineKeyword, TriviaList(Space)),
            Position(origin.Start),
            Token(TriviaList(Space), SyntaxKind.MinusToken, TriviaList(Space)),
            Position(origin.End),
            Literal(TriviaList(Space), (column + 1).ToString(CultureInfo.InvariantCulture), column + 1, TriviaList(Space)),
            // A file name in a directive is taken as written, without escapes.
            Literal(TriviaList(), $"\"{origin.Path}\"", origin.Path, TriviaList()),
            EndOfDirective,
            isActive: true);

    private static LineDirectivePositionSyntax Position(LinePosition position) =>
        LineDirectivePosition(
            Token(SyntaxKind.OpenParenToken),
            Literal(position.Line + 1),
            Token(TriviaList(), SyntaxKind.CommaToken, TriviaList(Space)),
            Literal(position.Character + 1),
            Token(SyntaxKind.CloseParenToken));

    /// <summary>Where a token stood in the user's file.</summary>
    private sealed record Origin(string Path, LinePosition Start, LinePosition End)
    {
        public static Origin Of(SyntaxToken token)
        {
            var span = token.GetLocation().GetMappedLineSpan();
            return new Origin(span.Path, span.StartLinePosition, span.EndLinePosition);
        }

        public static Origin Parse(string data)
        {
            var parts = data.Split(',', 5);
            var number = parts[..4].Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            return new Origin(parts[4], new LinePosition(number[0], number[1]), new LinePosition(number[2], number[3]));
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start.Line},{Start.Character},{End.Line},{End.Character},{Path}");
    }

    /// <summary>
    /// Where the compiler takes a position of the prepared file under the last span directive: on the
    /// directive's own line, shifted as the character offset says; on the lines after it, the same
    /// number of lines further down, at the same column.
    /// </summary>
    private sealed record Mapping(int Line, int Offset, LinePosition Start, string Path)
    {
        public LinePosition Map(int line, int column) => line == Line
            ? new LinePosition(Start.Line, Start.Character + column - Offset)
            : new LinePosition(Start.Line + line - Line, column);
    }
}
