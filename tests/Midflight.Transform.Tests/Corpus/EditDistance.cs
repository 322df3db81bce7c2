// points: R, S
// Levenshtein distance by the Wagner-Fischer table in an int[,], then a walk back through the table
// that pushes the edit script on a Stack; stops in the inner loop of the table (R) and at each step
// of the walk back (S).
namespace Corpus;

public enum EditOp { Keep, Substitute, Insert, Delete }

public readonly record struct EditStep(EditOp Op, char? From, char? To)
{
    public override string ToString() => Op switch
    {
        EditOp.Keep => $"={From}",
        EditOp.Substitute => $"{From}>{To}",
        EditOp.Insert => $"+{To}",
        _ => $"-{From}",
    };
}

public sealed class EditDistance : Midflight.Module
{
    protected override void Run()
    {
        (string From, string To)[] pairs = [("kitten", "sitting"), ("flaw", "lawn"), ("intention", "execution"), ("", "abc"), ("same", "same")];
        foreach (var (from, to) in pairs)
        {
            var d = Table(from, to);
            Print($"{from} -> {to}: distance {d[from.Length, to.Length]}");
            var script = Script(d, from, to);
            Print("  " + string.Join(" ", script));
        }
    }

    public int[,] Table(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            R:
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            }
        }
        return d;
    }

    public Stack<EditStep> Script(int[,] d, string a, string b)
    {
        var steps = new Stack<EditStep>();
        int i = a.Length, j = b.Length;
        while (i > 0 || j > 0)
        {
        S:
            if (i > 0 && j > 0 && d[i, j] == d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            {
                steps.Push(a[i - 1] == b[j - 1] ? new EditStep(EditOp.Keep, a[i - 1], null) : new EditStep(EditOp.Substitute, a[i - 1], b[j - 1]));
                i--;
                j--;
            }
            else if (i > 0 && d[i, j] == d[i - 1, j] + 1)
            {
                steps.Push(new EditStep(EditOp.Delete, a[i - 1], null));
                i--;
            }
            else
            {
                steps.Push(new EditStep(EditOp.Insert, null, b[j - 1]));
                j--;
            }
        }
        return steps;
    }
}
