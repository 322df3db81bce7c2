// points: R, S
// A word ladder by breadth-first search: the word list in a HashSet<string>, the frontier in a
// Queue<string>, parents in a Dictionary for the path back; stops at each word taken from the queue and
// at each step of the path.
namespace Corpus;

public sealed class WordLadder : Midflight.Module
{
    private readonly HashSet<string> _words =
    [
        "cold", "cord", "card", "ward", "warm", "word", "worm", "wore", "core", "care",
        "bold", "bolt", "boat", "coat", "cost", "most", "mist", "fist", "fish", "dish",
        "wish", "wash", "cash", "case", "cast", "fast", "last", "lust", "dust", "duet",
    ];

    protected override void Run()
    {
        foreach (var (from, to) in new[] { ("cold", "warm"), ("boat", "fish"), ("fast", "duet") })
        {
            var ladder = Climb(from, to);
            Print(ladder is null ? $"{from} -> {to}: no ladder" : $"{from} -> {to}: {string.Join(" ", ladder)}");
        }
    }

    private List<string>? Climb(string from, string to)
    {
        var parent = new Dictionary<string, string?> { [from] = null };
        var queue = new Queue<string>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            var word = queue.Dequeue();
        R:
            if (word == to)
            {
                return PathBack(parent, to);
            }
            var added = 0;
            var letters = word.ToCharArray();
            for (var i = 0; i < letters.Length; i++)
            {
                var original = letters[i];
                for (var c = 'a'; c <= 'z'; c++)
                {
                    letters[i] = c;
                    var next = new string(letters);
                    if (_words.Contains(next) && parent.TryAdd(next, word))
                    {
                        queue.Enqueue(next);
                        added++;
                    }
                }
                letters[i] = original;
            }
            if (added > 1)
            {
                Print($"  {word}: {added} new, {queue.Count} waiting");
            }
        }
        return null;
    }

    private List<string> PathBack(Dictionary<string, string?> parent, string to)
    {
        var path = new List<string>();
        string? word = to;
        while (word is not null)
        {
        S:
            path.Add(word);
            word = parent[word];
        }
        path.Reverse();
        return path;
    }
}
