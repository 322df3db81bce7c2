using Midflight.Model.Diagnostics;

namespace Midflight.Model.Syntax;

/// <summary>A token; <see cref="Text"/> is the identifier, the number, or a string's unescaped value.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, SourceLocation Location)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && Text == keyword;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.String => $"string \"{Text}\"",
        TokenKind.Identifier => $"'{Text}'",
        TokenKind.Number => $"number {Text}",
        _ => $"'{Text}'",
    };
}
