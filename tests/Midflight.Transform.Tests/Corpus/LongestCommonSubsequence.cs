// points: R, S
// Longest common subsequence: the lengths table in a module field of type int[,], filled row by
// row, then the subsequence read back by a recursive walk; stops in the fill's inner loop (S) and in
// the recursive walk (R).
namespace Corpus;

public sealed class LongestCommonSubsequence : Midflight.Module
{
    private int[,] _lengths = new int[0, 0];

    protected override void Run()
    {
        (string, string)[] pairs = [("ABCBDAB", "BDCABA"), ("AGGTAB", "GXTXAYB"), ("dynamic", "programming"), ("abc", "xyz")];
        var showRows = true;
        foreach (var (a, b) in pairs)
        {
            Fill(a, b, showRows);
            showRows = false;
            var lcs = Backtrack(a, b, a.Length, b.Length);
            Print($"lcs({a}, {b}) = \"{lcs}\" length {_lengths[a.Length, b.Length]}");
        }
    }

    public void Fill(string a, string b, bool showRows)
    {
        _lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
            S:
                _lengths[i, j] = a[i - 1] == b[j - 1]
                    ? _lengths[i - 1, j - 1] + 1
                    : Math.Max(_lengths[i - 1, j], _lengths[i, j - 1]);
            }
            if (showRows)
            {
                Print($"{a[i - 1]}: {string.Join(" ", Enumerable.Range(1, b.Length).Select(j => _lengths[i, j]))}");
            }
        }
    }

    private string Backtrack(string a, string b, int i, int j)
    {
        if (i == 0 || j == 0)
        {
            return "";
        }
    R:
        if (a[i - 1] == b[j - 1])
        {
            return Backtrack(a, b, i - 1, j - 1) + a[i - 1];
        }
        return _lengths[i - 1, j] >= _lengths[i, j - 1] ? Backtrack(a, b, i - 1, j) : Backtrack(a, b, i, j - 1);
    }
}
