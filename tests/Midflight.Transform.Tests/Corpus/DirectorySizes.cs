// points: R, S
// Sizes of a directory tree of CorpusLibrary.RoseTree<(string Name, long Bytes)>: totals computed by a
// recursive post-order walk, then printed level by level from a Queue of (node, depth, path) tuples;
// stops at each directory totalled and at each node dequeued.
using CorpusLibrary;

namespace Corpus;

public sealed class DirectorySizes : Midflight.Module
{
    private readonly Dictionary<string, long> _totals = [];

    protected override void Run()
    {
        var root = new RoseTree<(string Name, long Bytes)>(("/", 0));
        var src = root.Add(("src", 0));
        src.Add(("main.cs", 4200));
        src.Add(("util.cs", 1800));
        var lib = src.Add(("lib", 0));
        lib.Add(("tree.cs", 9100));
        lib.Add(("graph.cs", 12400));
        var docs = root.Add(("docs", 0));
        docs.Add(("readme.md", 2300));
        docs.Add(("images", 0)).Add(("logo.png", 48000));
        root.Add(("build.sh", 600));
        root.Add(("empty", 0));

        var total = Total(root, "");
        Print($"total {total} bytes");
        PrintLargest(root, 5000);
    }

    private long Total(RoseTree<(string Name, long Bytes)> node, string parent)
    {
        var path = parent.Length == 0 ? node.Value.Name : parent.TrimEnd('/') + "/" + node.Value.Name;
        if (node.Children.Count == 0)
        {
            return node.Value.Bytes;
        }
        var sum = 0L;
        foreach (var child in node.Children)
        {
            var size = Total(child, path);
            sum += size;
        }
        _totals[path] = sum;
    R:
        Print($"{path}: {sum} bytes in {node.Children.Count} entries");
        return sum;
    }

    private void PrintLargest(RoseTree<(string Name, long Bytes)> root, long threshold)
    {
        var queue = new Queue<(RoseTree<(string Name, long Bytes)> Node, int Depth, string Path)>();
        queue.Enqueue((root, 0, "/"));
        while (queue.Count > 0)
        {
            var (node, depth, path) = queue.Dequeue();
            var size = _totals.TryGetValue(path, out var total) ? total : node.Value.Bytes;
        S:
            if (size >= threshold)
            {
                Print($"{new string(' ', 2 * depth)}{node.Value.Name} {size}");
            }
            foreach (var child in node.Children)
            {
                queue.Enqueue((child, depth + 1, path.TrimEnd('/') + "/" + child.Value.Name));
            }
        }
    }
}
