// points: R
// A least-recently-used cache: a LinkedList<(string Key, int Value)> in recency order and a Dictionary of
// its nodes, loading on a miss and evicting the oldest entry; stops at each request.
namespace Corpus;

public sealed class LruCache : Midflight.Module
{
    private const int Capacity = 4;
    private readonly LinkedList<(string Key, int Value)> _recency = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, int Value)>> _nodes = [];
    private int _hits;
    private int _misses;

    protected override void Run()
    {
        var requests = "a b c a d e a b f c a g b a e".Split(' ');
        foreach (var key in requests)
        {
            var value = Get(key);
            Print($"get {key} = {value}  [{string.Join(" ", _recency.Select(e => e.Key))}]");
        }
        Print($"{_hits} hits, {_misses} misses");
    }

    private static int Load(string key) => (key[0] - 'a' + 1) * 111;

    private int Get(string key)
    {
    R:
        if (_nodes.TryGetValue(key, out var node))
        {
            _hits++;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Value;
        }
        _misses++;
        var value = Load(key);
        Put(key, value);
        return value;
    }

    private void Put(string key, int value)
    {
        if (_recency.Count == Capacity)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _nodes.Remove(oldest.Value.Key);
            Print($"  evict {oldest.Value.Key}");
        }
        _nodes[key] = _recency.AddFirst((key, value));
    }
}
