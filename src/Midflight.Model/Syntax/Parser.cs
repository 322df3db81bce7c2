using Midflight.Model.Diagnostics;

namespace Midflight.Model.Syntax;

/// <summary>
/// Recursive-descent parser of the configuration language. On an error it reports one diagnostic
/// and resynchronises at the next statement (after <c>::</c> or before <c>}</c>) or the next
/// <c>module</c>, so one typo gives one error, not a cascade. It never throws to its caller.
/// </summary>
/// <remarks>
/// Grammar (keywords are contextual: <c>source</c>, <c>machine</c> and the like are attribute names):
/// <code>
/// file      := block*
/// block     := 'module' ID '{' (statement '::'?)* '}'
/// statement := kind 'interface' ID clause*             kind := define | use | client | server
///            | 'reconfiguration' 'point' '=' '{' point (',' point)* '}'
///            | 'instance' ID (':' ID)?
///            | 'bind' STRING STRING
///            | 'group' ID '{' ID (',' ID)* '}' 'stable'?
///            | ID '=' (STRING | NUMBER | ID)
/// clause    := ('pattern' | 'accepts' | 'returns') '='? pattern
///            | 'capacity' '='? NUMBER
/// pattern   := '{' (field (',' field)*)? '}'
/// field     := '~'? type ('[' ']')*                     type := integer | float | string | boolean
/// point     := ID ('(' ID (',' ID)* ')')?
/// </code>
/// </remarks>
internal sealed class Parser(List<Token> tokens, List<Diagnostic> diagnostics)
{
    private int _index;

    // How many '{' are open; error recovery uses it to tell the brace that closes a module block
    // from one that closes a pattern or a list inside a statement.
    private int _braceDepth;

    /// <summary>Thrown inside the parser only, to unwind to the nearest resynchronisation point.</summary>
    private sealed class SyntaxError : Exception;

    private Token Current => tokens[_index];

    private Token PeekToken(int offset) => tokens[Math.Min(_index + offset, tokens.Count - 1)];

    private Token Take()
    {
        var token = Current;
        if (token.Kind != TokenKind.EndOfFile)
        {
            _index++;
        }
        _braceDepth += token.Kind switch
        {
            TokenKind.OpenBrace => 1,
            TokenKind.CloseBrace => -1,
            _ => 0,
        };
        return token;
    }

    public ConfigurationSyntax ParseFile()
    {
        var blocks = new List<BlockSyntax>();
        while (Current.Kind != TokenKind.EndOfFile)
        {
            if (!Current.IsKeyword("module"))
            {
                Report(DiagnosticCodes.UnexpectedToken, Current, $"expected 'module' but found {Current.Describe()}");
                SkipToNextModule();
                continue;
            }
            try
            {
                _braceDepth = 0;
            blocks.Add(ParseBlock());
            }
            catch (SyntaxError)
            {
                SkipToNextModule();
            }
        }
        return new ConfigurationSyntax(blocks);
    }

    private BlockSyntax ParseBlock()
    {
        Take();
        var name = Expect(TokenKind.Identifier, "a module name");
        Expect(TokenKind.OpenBrace, "'{'");
        var statements = new List<StatementSyntax>();
        while (Current.Kind is not (TokenKind.CloseBrace or TokenKind.EndOfFile))
        {
            if (AtBlockStart())
            {
                // A block left open: say so where it was opened, and let the next block parse.
                Report(DiagnosticCodes.UnexpectedToken, Current, $"expected '}}' to close module '{name.Text}' before the next 'module'");
                return new BlockSyntax(name, statements);
            }
            try
            {
                statements.Add(ParseStatement());
                if (Current.Kind == TokenKind.DoubleColon)
                {
                    Take();
                }
            }
            catch (SyntaxError)
            {
                SkipToNextStatement(blockDepth: 1);
            }
        }
        if (Current.Kind == TokenKind.CloseBrace)
        {
            Take();
        }
        else
        {
            Report(DiagnosticCodes.UnexpectedToken, Current, $"expected '}}' to close module '{name.Text}' but found {Current.Describe()}");
        }
        return new BlockSyntax(name, statements);
    }

    private StatementSyntax ParseStatement()
    {
        var first = Current;
        if (first.Kind != TokenKind.Identifier)
        {
            throw Error(DiagnosticCodes.UnknownStatement, first,
                $"expected an attribute, an interface, 'reconfiguration point', 'instance', 'bind' or 'group' but found {first.Describe()}");
        }
        if (InterfaceKinds.TryParse(first.Text, out var kind) && PeekToken(1).IsKeyword("interface"))
        {
            return ParseInterface(kind);
        }
        if (first.IsKeyword("reconfiguration") && PeekToken(1).IsKeyword("point"))
        {
            return ParseReconfigurationPoints();
        }
        if (first.IsKeyword("instance") && PeekToken(1).Kind == TokenKind.Identifier)
        {
            Take();
            var instanceName = Take();
            Token? module = null;
            if (Current.Kind == TokenKind.Colon)
            {
                Take();
                module = Expect(TokenKind.Identifier, "a module name after ':'");
            }
            return new InstanceSyntax(first, instanceName, module);
        }
        if (first.IsKeyword("bind") && PeekToken(1).Kind != TokenKind.Equals)
        {
            Take();
            var from = Expect(TokenKind.String, "an endpoint such as \"module interface\"");
            var to = Expect(TokenKind.String, "a second endpoint such as \"module interface\"");
            return new BindSyntax(first, from, to);
        }
        if (first.IsKeyword("group") && PeekToken(1).Kind == TokenKind.Identifier && PeekToken(2).Kind == TokenKind.OpenBrace)
        {
            return ParseGroup();
        }
        if (PeekToken(1).Kind == TokenKind.Equals)
        {
            var name = Take();
            Take();
            var value = Current;
            if (value.Kind is not (TokenKind.String or TokenKind.Number or TokenKind.Identifier))
            {
                throw Error(DiagnosticCodes.UnexpectedToken, value, $"expected a value for '{name.Text}' but found {value.Describe()}");
            }
            Take();
            return new AttributeSyntax(name, value);
        }
        throw Error(DiagnosticCodes.UnknownStatement, first,
            $"expected an attribute, an interface, 'reconfiguration point', 'instance', 'bind' or 'group' but found {first.Describe()}");
    }

    private GroupSyntax ParseGroup()
    {
        var keyword = Take();
        var name = Take();
        Take();
        var members = new List<Token> { Expect(TokenKind.Identifier, $"an instance of group '{name.Text}'") };
        while (Current.Kind == TokenKind.Comma)
        {
            Take();
            members.Add(Expect(TokenKind.Identifier, $"an instance of group '{name.Text}' after ','"));
        }
        Expect(TokenKind.CloseBrace, $"',' or '}}' to close group '{name.Text}'");
        Token? stable = Current.IsKeyword("stable") ? Take() : null;
        return new GroupSyntax(keyword, name, members, stable);
    }

    private InterfaceSyntax ParseInterface(InterfaceKind kind)
    {
        var keyword = Take();
        Take();
        var name = Expect(TokenKind.Identifier, "an interface name");
        var clauses = new List<PatternClauseSyntax>();
        var capacities = new List<CapacityClauseSyntax>();
        while (Current.IsKeyword("pattern") || Current.IsKeyword("accepts") || Current.IsKeyword("returns") || Current.IsKeyword("capacity"))
        {
            var clause = Take();
            if (Current.Kind == TokenKind.Equals)
            {
                Take();
            }
            if (clause.IsKeyword("capacity"))
            {
                capacities.Add(new CapacityClauseSyntax(clause, Expect(TokenKind.Number, "a number of messages after 'capacity ='")));
            }
            else
            {
                clauses.Add(new PatternClauseSyntax(clause, ParsePattern()));
            }
        }
        return new InterfaceSyntax(keyword, kind, name, clauses, capacities);
    }

    private PatternSyntax ParsePattern()
    {
        var open = Expect(TokenKind.OpenBrace, "'{' to start a pattern");
        var fields = new List<FieldSyntax>();
        if (Current.Kind != TokenKind.CloseBrace)
        {
            fields.Add(ParseField());
            while (Current.Kind == TokenKind.Comma)
            {
                Take();
                fields.Add(ParseField());
            }
        }
        Expect(TokenKind.CloseBrace, "',' or '}' in a pattern");
        return new PatternSyntax(open.Location, fields);
    }

    private FieldSyntax ParseField()
    {
        var start = Current.Location;
        var received = false;
        if (Current.Kind == TokenKind.Tilde)
        {
            Take();
            received = true;
        }
        var typeName = Expect(TokenKind.Identifier, "a type (integer, float, string or boolean)");
        if (!DataType.TryParseKeyword(typeName.Text, out var scalar))
        {
            throw Error(DiagnosticCodes.UnknownType, typeName, $"unknown type '{typeName.Text}'; expected integer, float, string or boolean");
        }
        var type = new DataType(scalar);
        while (Current.Kind == TokenKind.OpenBracket)
        {
            Take();
            Expect(TokenKind.CloseBracket, "']' after '[' in a list type");
            type = type.ListOf();
        }
        return new FieldSyntax(start, received, type);
    }

    private ReconfigurationPointsSyntax ParseReconfigurationPoints()
    {
        var start = Take().Location;
        Take();
        Expect(TokenKind.Equals, "'=' after 'reconfiguration point'");
        Expect(TokenKind.OpenBrace, "'{' to list reconfiguration points");
        var points = new List<ReconfigurationPointSyntax> { ParsePoint() };
        while (Current.Kind == TokenKind.Comma)
        {
            Take();
            points.Add(ParsePoint());
        }
        Expect(TokenKind.CloseBrace, "',' or '}' in the list of reconfiguration points");
        return new ReconfigurationPointsSyntax(start, points);
    }

    private ReconfigurationPointSyntax ParsePoint()
    {
        var label = Expect(TokenKind.Identifier, "a reconfiguration point label");
        if (Current.Kind != TokenKind.OpenParen)
        {
            return new ReconfigurationPointSyntax(label, null);
        }
        Take();
        var variables = new List<Token> { Expect(TokenKind.Identifier, "a variable name") };
        while (Current.Kind == TokenKind.Comma)
        {
            Take();
            variables.Add(Expect(TokenKind.Identifier, "a variable name"));
        }
        Expect(TokenKind.CloseParen, "',' or ')' after the variables of a reconfiguration point");
        return new ReconfigurationPointSyntax(label, variables);
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind == kind)
        {
            return Take();
        }
        throw Error(DiagnosticCodes.UnexpectedToken, Current, $"expected {what} but found {Current.Describe()}");
    }

    private SyntaxError Error(string code, Token at, string message)
    {
        Report(code, at, message);
        return new SyntaxError();
    }

    private void Report(string code, Token at, string message) =>
        diagnostics.Add(Diagnostic.Error(code, at.Location, message));

    private bool AtBlockStart() =>
        Current.IsKeyword("module") && PeekToken(1).Kind == TokenKind.Identifier && PeekToken(2).Kind == TokenKind.OpenBrace;

    /// <summary>
    /// Skips the rest of a broken statement: up to and including the next '::' of the block, or up to
    /// the '}' that closes the block or the start of the next block. The first token is always
    /// consumed, so a statement that fails on its first token cannot fail there again forever.
    /// </summary>
    private void SkipToNextStatement(int blockDepth)
    {
        var first = true;
        while (Current.Kind != TokenKind.EndOfFile)
        {
            var atBlockLevel = _braceDepth <= blockDepth;
            if (atBlockLevel && Current.Kind == TokenKind.CloseBrace)
            {
                return;
            }
            if (!first && atBlockLevel && AtBlockStart())
            {
                return;
            }
            first = false;
            if (Take().Kind == TokenKind.DoubleColon && atBlockLevel)
            {
                return;
            }
        }
    }

    private void SkipToNextModule()
    {
        Take();
        while (Current.Kind != TokenKind.EndOfFile && !AtBlockStart())
        {
            Take();
        }
    }
}
