using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Midflight.Transform.Analysis;

namespace Midflight.Transform.Preparation;

/// <summary>
/// A capture site of one method, as the lowering needs it: its edge, the statement it stands in (the
/// call's statement, or the statement a point labels), and the variables a capture there saves.
/// </summary>
internal sealed record CaptureSite(ReconfigurationEdge Edge, StatementSyntax Statement, IReadOnlyList<ISymbol> Live)
{
    public int Number => Edge.Number;
}
