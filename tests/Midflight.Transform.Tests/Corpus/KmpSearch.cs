// points: R, S
// Knuth-Morris-Pratt: the failure function of each pattern, then a linear scan of the text; the
// positions found are kept per pattern in a Dictionary<string, int[]>. Stops while building the
// failure table (R) and at each match (S).
namespace Corpus;

public sealed class KmpSearch : Midflight.Module
{
    private readonly Dictionary<string, int[]> _occurrences = new(StringComparer.Ordinal);

    protected override void Run()
    {
        const string text = "abracadabra abracadabra cadabra arbadacarba";
        string[] patterns = ["abra", "cad", "aa", "bracadabra a", "arba"];
        foreach (var pattern in patterns)
        {
            var failure = Failure(pattern);
            Print($"{pattern}: failure {string.Join(",", failure)}");
            var hits = Search(text, pattern, failure);
            _occurrences[pattern] = hits.ToArray();
        }
        var summary = _occurrences.OrderByDescending(e => e.Value.Length).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value.Length}");
        Print("counts: " + string.Join(" ", summary));
    }

    public int[] Failure(string pattern)
    {
        var pi = new int[pattern.Length];
        var k = 0;
        for (var q = 1; q < pattern.Length; q++)
        {
            while (k > 0 && pattern[k] != pattern[q])
            {
                k = pi[k - 1];
            }
            if (pattern[k] == pattern[q])
            {
                k++;
            }
        R:
            pi[q] = k;
        }
        return pi;
    }

    public List<int> Search(string text, string pattern, int[] pi)
    {
        var hits = new List<int>();
        var q = 0;
        for (var i = 0; i < text.Length; i++)
        {
            while (q > 0 && pattern[q] != text[i])
            {
                q = pi[q - 1];
            }
            if (pattern[q] == text[i])
            {
                q++;
            }
            if (q == pattern.Length)
            {
                var start = i - pattern.Length + 1;
                hits.Add(start);
            S:
                Print($"  '{pattern}' at {start}");
                q = pi[q - 1];
            }
        }
        return hits;
    }
}
