using System.Text;
using Midflight.Model.Diagnostics;

namespace Midflight.Model.Syntax;

/// <summary>
/// Splits configuration text into tokens. It never fails: a bad character or an unterminated string
/// is reported and skipped, so the parser always gets a token list ending in end-of-file.
/// </summary>
internal sealed class Lexer(string text, string file, List<Diagnostic> diagnostics)
{
    private int _position;
    private int _line = 1;
    private int _column = 1;

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            SkipTrivia();
            var location = Here;
            if (_position >= text.Length)
            {
                tokens.Add(new Token(TokenKind.EndOfFile, "", location));
                return tokens;
            }
            var token = Next(location);
            if (token is { } t)
            {
                tokens.Add(t);
            }
        }
    }

    private SourceLocation Here => new(file, _line, _column);

    private char Current => _position < text.Length ? text[_position] : '\0';

    private char Peek(int offset) => _position + offset < text.Length ? text[_position + offset] : '\0';

    private void Advance()
    {
        if (text[_position] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }
        _position++;
    }

    private void SkipTrivia()
    {
        while (_position < text.Length)
        {
            if (char.IsWhiteSpace(Current))
            {
                Advance();
            }
            else if (Current == '/' && Peek(1) == '/')
            {
                while (_position < text.Length && Current != '\n')
                {
                    Advance();
                }
            }
            else if (Current == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        var start = Here;
        Advance();
        Advance();
        while (_position < text.Length)
        {
            if (Current == '*' && Peek(1) == '/')
            {
                Advance();
                Advance();
                return;
            }
            Advance();
        }
        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.UnterminatedComment, start, "comment is not closed: '/*' has no matching '*/'"));
    }

    private Token? Next(SourceLocation location)
    {
        var c = Current;
        if (Lexicon.IsIdentifierStart(c))
        {
            var start = _position;
            while (_position < text.Length && Lexicon.IsIdentifierPart(Current))
            {
                Advance();
            }
            return new Token(TokenKind.Identifier, text[start.._position], location);
        }
        if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(Peek(1))))
        {
            return Number(location);
        }
        if (c == '"')
        {
            return String(location);
        }
        if (c == ':' && Peek(1) == ':')
        {
            Advance();
            Advance();
            return new Token(TokenKind.DoubleColon, "::", location);
        }
        TokenKind? kind = c switch
        {
            '{' => TokenKind.OpenBrace,
            '}' => TokenKind.CloseBrace,
            '(' => TokenKind.OpenParen,
            ')' => TokenKind.CloseParen,
            '[' => TokenKind.OpenBracket,
            ']' => TokenKind.CloseBracket,
            ',' => TokenKind.Comma,
            '=' => TokenKind.Equals,
            ':' => TokenKind.Colon,
            '~' => TokenKind.Tilde,
            _ => null,
        };
        Advance();
        if (kind is { } k)
        {
            return new Token(k, c.ToString(), location);
        }
        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.UnexpectedCharacter, location, $"unexpected character {Printable(c)}"));
        return null;
    }

    private Token Number(SourceLocation location)
    {
        var start = _position;
        if (Current == '-')
        {
            Advance();
        }
        while (char.IsAsciiDigit(Current))
        {
            Advance();
        }
        if (Current == '.' && char.IsAsciiDigit(Peek(1)))
        {
            Advance();
            while (char.IsAsciiDigit(Current))
            {
                Advance();
            }
        }
        return new Token(TokenKind.Number, text[start.._position], location);
    }

    private Token String(SourceLocation location)
    {
        Advance();
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= text.Length || Current == '\n')
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.UnterminatedString, location, "string is not closed: a '\"' is missing before the end of the line"));
                return new Token(TokenKind.String, value.ToString(), location);
            }
            var c = Current;
            if (c == '"')
            {
                Advance();
                return new Token(TokenKind.String, value.ToString(), location);
            }
            if (c == '\\')
            {
                var escapeLocation = Here;
                Advance();
                var escaped = Current;
                char? unescaped = escaped switch
                {
                    '"' => '"',
                    '\\' => '\\',
                    'n' => '\n',
                    't' => '\t',
                    _ => null,
                };
                if (unescaped is { } u)
                {
                    value.Append(u);
                    Advance();
                }
                else
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidEscape, escapeLocation,
                        $"unknown escape '\\{(escaped == '\0' ? "" : escaped)}' in string; use \\\", \\\\, \\n or \\t"));
                }
                continue;
            }
            value.Append(c);
            Advance();
        }
    }

    private static string Printable(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
