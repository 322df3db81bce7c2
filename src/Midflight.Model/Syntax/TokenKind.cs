namespace Midflight.Model.Syntax;

internal enum TokenKind
{
    Identifier,
    String,
    Number,
    OpenBrace,
    CloseBrace,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Comma,
    Equals,
    Colon,
    DoubleColon,
    Tilde,
    EndOfFile,
}
