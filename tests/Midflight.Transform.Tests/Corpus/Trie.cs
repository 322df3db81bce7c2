// points: R, S
// A trie with sorted children: words inserted letter by letter, then autocompletion by a recursive walk
// over a SortedDictionary; stops at each letter inserted and at each node of the walk.
namespace Corpus;

public sealed class TrieNode
{
    public SortedDictionary<char, TrieNode> Children { get; } = [];

    public bool IsWord { get; set; }

    public int Prefixes { get; set; }
}

public sealed class Trie : Midflight.Module
{
    private readonly TrieNode _root = new();

    protected override void Run()
    {
        string[] words = ["tree", "trie", "tries", "trip", "tram", "graph", "grape", "great", "green", "heap"];
        foreach (var word in words)
        {
            Insert(word);
        }
        foreach (var prefix in new[] { "tr", "gr", "gre", "h", "x" })
        {
            var matches = new List<string>();
            var node = Locate(prefix);
            if (node is not null)
            {
                Collect(node, prefix, matches);
            }
            Print($"{prefix}: {(matches.Count == 0 ? "-" : string.Join(", ", matches))}");
        }
    }

    private TrieNode? Locate(string prefix)
    {
        var node = _root;
        foreach (var letter in prefix)
        {
            if (!node.Children.TryGetValue(letter, out node))
            {
                return null;
            }
        }
        return node;
    }

    private void Insert(string word)
    {
        var node = _root;
        var created = 0;
        foreach (var letter in word)
        {
            if (!node.Children.TryGetValue(letter, out var child))
            {
                child = new TrieNode();
                node.Children.Add(letter, child);
                created++;
            }
        S:
            child.Prefixes++;
            node = child;
        }
        node.IsWord = true;
        Print($"insert {word}: {created} new nodes");
    }

    private void Collect(TrieNode node, string prefix, List<string> matches)
    {
    R:
        if (node.IsWord)
        {
            matches.Add(prefix);
            Print($"  found {prefix} ({node.Prefixes} through it)");
        }
        foreach (var (letter, child) in node.Children)
        {
            Collect(child, prefix + letter, matches);
        }
    }
}
