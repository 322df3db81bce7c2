using Midflight.Model.Diagnostics;

namespace Midflight.Model.Syntax;

// The syntax tree keeps every token's location so that the binder can point at the text; the
// model it binds to keeps none, so that equal configurations are equal wherever they were written.

internal sealed record ConfigurationSyntax(List<BlockSyntax> Blocks);

internal sealed record BlockSyntax(Token Name, List<StatementSyntax> Statements);

internal abstract record StatementSyntax(SourceLocation Location);

internal sealed record AttributeSyntax(Token Name, Token Value) : StatementSyntax(Name.Location);

internal sealed record InterfaceSyntax(Token KindKeyword, InterfaceKind Kind, Token Name, List<PatternClauseSyntax> Clauses, List<CapacityClauseSyntax> Capacities)
    : StatementSyntax(KindKeyword.Location);

internal sealed record PatternClauseSyntax(Token Keyword, PatternSyntax Pattern);

internal sealed record CapacityClauseSyntax(Token Keyword, Token Value);

internal sealed record PatternSyntax(SourceLocation Location, List<FieldSyntax> Fields);

internal sealed record FieldSyntax(SourceLocation Location, bool Received, DataType Type);

internal sealed record ReconfigurationPointSyntax(Token Label, List<Token>? Variables);

internal sealed record ReconfigurationPointsSyntax(SourceLocation Location, List<ReconfigurationPointSyntax> Points)
    : StatementSyntax(Location);

internal sealed record InstanceSyntax(Token Keyword, Token Name, Token? Module) : StatementSyntax(Keyword.Location);

internal sealed record BindSyntax(Token Keyword, Token First, Token Second) : StatementSyntax(Keyword.Location);

internal sealed record GroupSyntax(Token Keyword, Token Name, List<Token> Members, Token? Stable) : StatementSyntax(Keyword.Location);
