// points: R, S, T
// Three palindrome routines: a recursive check that skips punctuation through a switch expression
// whose arms recurse (R), the longest palindromic substring by expanding around each centre (S), and
// the fewest cuts into palindromes with a bool[,] table (T).
namespace Corpus;

public sealed class Palindromes : Midflight.Module
{
    protected override void Run()
    {
        foreach (var phrase in new[] { "A man, a plan, a canal: Panama!", "No lemon, no melon", "Midflight", "Was it a car or a cat I saw?" })
        {
            var yes = IsPalindrome(phrase, 0, phrase.Length - 1);
            Print($"\"{phrase}\" {(yes ? "is" : "is not")} a palindrome");
        }

        foreach (var s in new[] { "babad", "forgeeksskeegfor", "abacdfgdcaba", "cbbd" })
        {
            var longest = Longest(s);
            Print($"longest in {s}: {longest}");
        }

        foreach (var s in new[] { "aab", "banana", "abcde", "racecarannakayak" })
        {
            var cuts = MinCuts(s);
            Print($"min cuts {s}: {cuts}");
        }
    }

    private bool IsPalindrome(string s, int i, int j)
    {
    R:
        return (j - i) switch
        {
            <= 0 => true,
            _ when !char.IsLetterOrDigit(s[i]) => IsPalindrome(s, i + 1, j),
            _ when !char.IsLetterOrDigit(s[j]) => IsPalindrome(s, i, j - 1),
            _ when char.ToLowerInvariant(s[i]) != char.ToLowerInvariant(s[j]) => false,
            _ => IsPalindrome(s, i + 1, j - 1),
        };
    }

    public string Longest(string s)
    {
        var best = (Start: 0, Length: s.Length > 0 ? 1 : 0);
        for (var centre = 0; centre < s.Length; centre++)
        {
            var odd = Expand(s, centre, centre);
            var even = Expand(s, centre, centre + 1);
            var wider = odd.Length >= even.Length ? odd : even;
            if (wider.Length > best.Length)
            {
                best = wider;
            }
        }
        return s.Substring(best.Start, best.Length);
    }

    private (int Start, int Length) Expand(string s, int lo, int hi)
    {
        while (lo >= 0 && hi < s.Length && s[lo] == s[hi])
        {
        S:
            lo--;
            hi++;
        }
        return (lo + 1, hi - lo - 1);
    }

    public int MinCuts(string s)
    {
        var n = s.Length;
        var palindrome = new bool[n, n];
        var cuts = new int[n];
        for (var end = 0; end < n; end++)
        {
            cuts[end] = end;
            for (var start = 0; start <= end; start++)
            {
            T:
                if (s[start] == s[end] && (end - start < 2 || palindrome[start + 1, end - 1]))
                {
                    palindrome[start, end] = true;
                    cuts[end] = start == 0 ? 0 : Math.Min(cuts[end], cuts[start - 1] + 1);
                }
            }
        }
        return n == 0 ? 0 : cuts[n - 1];
    }
}
