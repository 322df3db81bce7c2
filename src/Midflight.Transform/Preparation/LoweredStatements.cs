using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Midflight.Transform.Preparation.Generated;

namespace Midflight.Transform.Preparation;

/// <summary>
/// Statements a lowering produced for the block that will hold them, and for each site below them the
/// label, on one of these statements, where that block's dispatch jumps to resume it.
/// </summary>
internal sealed class LoweredStatements
{
    private readonly List<StatementSyntax> _statements = [];
    private readonly Dictionary<int, string> _targets = [];

    public IReadOnlyList<StatementSyntax> Statements => _statements;

    public IReadOnlyDictionary<int, string> Targets => _targets;

    public static LoweredStatements Of(StatementSyntax statement)
    {
        var result = new LoweredStatements();
        result.Add(statement);
        return result;
    }

    /// <summary>One statement that resumes every site in <paramref name="sites"/>, labelled for them.</summary>
    public static LoweredStatements Resuming(StatementSyntax statement, IEnumerable<int> sites, string label)
    {
        var result = new LoweredStatements();
        result._statements.Add(Label(label, statement));
        foreach (var site in sites)
        {
            result._targets[site] = label;
        }
        return result;
    }

    public void Add(StatementSyntax statement) => _statements.Add(statement);

    /// <summary>Adds a statement that is already labelled <paramref name="label"/>, where <paramref name="site"/> resumes.</summary>
    public void Add(StatementSyntax labelled, int site, string label)
    {
        _statements.Add(labelled);
        _targets[site] = label;
    }

    public void AddRange(LoweredStatements other)
    {
        _statements.AddRange(other._statements);
        foreach (var (site, label) in other._targets)
        {
            _targets[site] = label;
        }
    }

    /// <summary>Puts the module's own label back on the first statement, so that its gotos still land there.</summary>
    public void LabelFirst(string label) => _statements[0] = Label(label, _statements[0]);
}
