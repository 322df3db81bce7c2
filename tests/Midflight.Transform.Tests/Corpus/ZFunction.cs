// points: R
// The Z-function of a string (longest common prefix with each suffix) in linear time, used for
// pattern search over "pattern\u0001text" and for the smallest full period; stops in the main loop.
namespace Corpus;

public sealed class ZFunction : Midflight.Module
{
    protected override void Run()
    {
        foreach (var s in new[] { "aabcaabxaaaz", "aaaaa", "abacaba" })
        {
            var z = Z(s);
            Print($"z({s}) = {string.Join(" ", z)}");
        }

        var (pattern, text) = ("aab", "baabaabaaab");
        var matches = Find(pattern, text);
        Print($"'{pattern}' in '{text}' at {string.Join(",", matches)}");

        foreach (var s in new[] { "abcabcabc", "abcab", "aaaa", "xyxyxyxy", "q" })
        {
            int? period = SmallestPeriod(s);
            Print($"period of {s}: {(period.HasValue ? period.Value.ToString() : "none")}");
        }
    }

    public int[] Z(string s)
    {
        var n = s.Length;
        var z = new int[n];
        if (n == 0)
        {
            return z;
        }
        z[0] = n;
        int l = 0, r = 0;
        for (var i = 1; i < n; i++)
        {
            if (i < r)
            {
                z[i] = Math.Min(r - i, z[i - l]);
            }
            while (i + z[i] < n && s[z[i]] == s[i + z[i]])
            {
                z[i]++;
            }
        R:
            if (i + z[i] > r)
            {
                (l, r) = (i, i + z[i]);
            }
        }
        return z;
    }

    public List<int> Find(string pattern, string text)
    {
        var z = Z(pattern + '\u0001' + text);
        var found = new List<int>();
        for (var i = pattern.Length + 1; i < z.Length; i++)
        {
            if (z[i] >= pattern.Length)
            {
                found.Add(i - pattern.Length - 1);
            }
        }
        return found;
    }

    public int? SmallestPeriod(string s)
    {
        var z = Z(s);
        for (var p = 1; p < s.Length; p++)
        {
            if (s.Length % p == 0 && z[p] == s.Length - p)
            {
                return p;
            }
        }
        return s.Length > 1 ? null : 1;
    }
}
