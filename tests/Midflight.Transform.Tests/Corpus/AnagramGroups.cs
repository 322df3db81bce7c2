// points: R, S
// refused: captures local variables of a method of the module
// Anagram classes: words keyed by their sorted letters in a Dictionary<string, List<string>>, letter
// counts in a SortedDictionary, and the groups walked through a LINQ query; stops per word added (R)
// and per group described (S).
namespace Corpus;

public sealed class AnagramGroups : Midflight.Module
{
    private readonly Dictionary<string, List<string>> _groups = new(StringComparer.Ordinal);
    private readonly SortedDictionary<char, int> _letters = [];

    protected override void Run()
    {
        const string text = "listen silent enlist google tinsel elgoog inlets banana stone notes onset tones seton evil vile live veil";
        foreach (var word in text.Split(' '))
        {
            Add(word);
        }
        Print($"{_groups.Count} classes from {_groups.Values.Sum(g => g.Count)} words");
        var described = DescribeGroups(minimumSize: 2);
        Print($"{described} groups described; top letters {string.Join(" ", _letters.OrderByDescending(e => e.Value).ThenBy(e => e.Key).Take(4).Select(e => $"{e.Key}:{e.Value}"))}");
    }

    private static string Signature(string word)
    {
        var letters = word.ToCharArray();
        Array.Sort(letters);
        return new string(letters);
    }

    public void Add(string word)
    {
        var key = Signature(word);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = [];
            _groups[key] = group;
        }
        group.Add(word);
        foreach (var c in key)
        {
            _letters[c] = _letters.GetValueOrDefault(c) + 1;
        }
    R:
        Print($"{word} -> {key} ({group.Count})");
    }

    public int DescribeGroups(int minimumSize)
    {
        var count = 0;
        var query = from g in _groups
                    where g.Value.Count >= minimumSize
                    orderby g.Value.Count descending, g.Key
                    select (Key: g.Key, Words: g.Value);
        foreach (var (key, words) in query)
        {
            count++;
        S:
            Print($"group {count} [{key}]: {string.Join(", ", words.Order(StringComparer.Ordinal))}");
        }
        return count;
    }
}
