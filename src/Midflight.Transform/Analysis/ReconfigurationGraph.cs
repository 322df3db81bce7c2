using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Midflight.Transform.Analysis;

/// <summary>
/// The reconfiguration graph (section 3): the part of the call graph on paths from the module's
/// entry to the methods that hold reconfiguration points, with an edge per call site and one per
/// point, numbered consecutively in source order. Only the methods on it are prepared: every other
/// method runs unchanged, and so pays nothing for the module being reconfigurable.
/// </summary>
public sealed class ReconfigurationGraph
{
    private ReconfigurationGraph(IMethodSymbol entry, IReadOnlyList<IMethodSymbol> workers, IReadOnlyList<IMethodSymbol> methods, IReadOnlyList<ReconfigurationEdge> edges)
    {
        Entry = entry;
        Workers = workers;
        Methods = methods;
        Edges = edges;
    }

    public IMethodSymbol Entry { get; }

    /// <summary>The module's workers (<c>[Worker]</c> methods): stacks of their own, rooted beside the entry's.</summary>
    public IReadOnlyList<IMethodSymbol> Workers { get; }

    /// <summary>The methods to prepare, in source order.</summary>
    public IReadOnlyList<IMethodSymbol> Methods { get; }

    /// <summary>The capture and restore sites, numbered from 1 in source order.</summary>
    public IReadOnlyList<ReconfigurationEdge> Edges { get; }

    /// <summary>Cuts the graph out of <paramref name="calls"/>: the methods on a path from <paramref name="entry"/> or one of <paramref name="workers"/> to a method holding one of <paramref name="points"/>.</summary>
    public static ReconfigurationGraph Build(CallGraph calls, IMethodSymbol entry, IReadOnlyList<IMethodSymbol> workers, IReadOnlyList<(IMethodSymbol Holder, LabeledStatementSyntax Label)> points)
    {
        var comparer = SymbolEqualityComparer.Default;
        var fromEntry = Reachable([entry, .. workers], m => calls.Calls.Where(c => comparer.Equals(c.Caller, m)).Select(c => c.Callee));
        var toPoints = Reachable(points.Select(p => p.Holder), m => calls.Calls.Where(c => comparer.Equals(c.Callee, m)).Select(c => c.Caller));
        var onGraph = fromEntry.Intersect(toPoints, comparer).ToHashSet(comparer);

        var sites = calls.Calls
            .Where(c => onGraph.Contains(c.Caller) && onGraph.Contains(c.Callee))
            .Select(c => (Position: Position(c.Syntax), Make: (Func<int, ReconfigurationEdge>)(n => new CallEdge(n, c))))
            .Concat(points
                .Where(p => onGraph.Contains(p.Holder))
                .Select(p => (Position: Position(p.Label), Make: (Func<int, ReconfigurationEdge>)(n => new PointEdge(n, p.Holder, p.Label)))))
            .OrderBy(s => s.Position)
            .Select((s, i) => s.Make(i + 1))
            .ToList();
        return new ReconfigurationGraph(entry, workers, [.. calls.Methods.Where(onGraph.Contains)], sites);
    }

    private static (string File, int Start) Position(SyntaxNode node) => (node.SyntaxTree.FilePath, node.SpanStart);

    private static HashSet<IMethodSymbol> Reachable(IEnumerable<IMethodSymbol> roots, Func<IMethodSymbol, IEnumerable<IMethodSymbol>> next)
    {
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var work = new Stack<IMethodSymbol>(roots);
        while (work.TryPop(out var method))
        {
            if (seen.Add(method))
            {
                foreach (var following in next(method))
                {
                    work.Push(following);
                }
            }
        }
        return seen;
    }

    /// <summary>The graph as a person reads it, one edge a line: what tests approve and the build writes beside the prepared source.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("entry ").Append(Entry.Name).Append('\n');
        if (Workers.Count > 0)
        {
            text.Append("workers ").AppendJoin(", ", Workers.Select(m => m.Name)).Append('\n');
        }
        text.Append("methods ").AppendJoin(", ", Methods.Select(m => m.Name)).Append('\n');
        foreach (var edge in Edges)
        {
            text.Append(edge).Append('\n');
        }
        return text.ToString();
    }
}
