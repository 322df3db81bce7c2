using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Midflight.Transform.Analysis;

/// <summary>
/// An edge of the reconfiguration graph, numbered as the paper numbers them: a call on a path to a
/// reconfiguration point (capture after it, repeat it on restore), or a point itself (capture before
/// it, resume at it). The number is the resume site recorded in a frame of a snapshot.
/// </summary>
public abstract record ReconfigurationEdge(int Number, IMethodSymbol From, int Line);

/// <summary>A call from one method on the graph to another.</summary>
public sealed record CallEdge(int Number, CallSite Call) : ReconfigurationEdge(Number, Call.Caller, Call.Line)
{
    public override string ToString() => $"{Number}: {From.Name} -> {Call.Callee.Name}, line {Line}";
}

/// <summary>A reconfiguration point: the edge from the method that holds the label to <c>reconfig</c>.</summary>
public sealed record PointEdge(int Number, IMethodSymbol Holder, LabeledStatementSyntax Label)
    : ReconfigurationEdge(Number, Holder, Label.GetLocation().GetLineSpan().StartLinePosition.Line + 1)
{
    public override string ToString() => $"{Number}: {From.Name} -> reconfig at {Label.Identifier.Text}, line {Line}";
}
