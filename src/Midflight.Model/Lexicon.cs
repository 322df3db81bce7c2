namespace Midflight.Model;

/// <summary>The lexical rules of the configuration language that more than the lexer needs.</summary>
public static class Lexicon
{
    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    public static bool IsIdentifier(string text) =>
        text.Length > 0 && IsIdentifierStart(text[0]) && text.AsSpan(1).ContainsAnyExcept(IdentifierParts) is false;

    private static readonly System.Buffers.SearchValues<char> IdentifierParts =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
}
