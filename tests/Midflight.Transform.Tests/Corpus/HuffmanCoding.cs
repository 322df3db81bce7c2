// points: R, S, T
// Huffman coding: record nodes in a PriorityQueue ordered by (weight, creation order), merged into a code
// tree; codes assigned by a recursive walk (a switch on the node's type) into a SortedDictionary, then
// the text encoded and decoded; stops at each merge, each leaf coded and each symbol decoded.
namespace Corpus;

public abstract record HuffmanNode(int Weight, int Order);

public sealed record HuffmanLeaf(char Symbol, int Weight, int Order) : HuffmanNode(Weight, Order);

public sealed record HuffmanBranch(HuffmanNode Zero, HuffmanNode One, int Weight, int Order) : HuffmanNode(Weight, Order);

public sealed class HuffmanCoding : Midflight.Module
{
    protected override void Run()
    {
        const string text = "abracadabra alakazam";
        var root = BuildTree(text);
        var codes = new SortedDictionary<char, string>();
        Assign(root, "", codes);
        var bits = string.Concat(text.Select(c => codes[c]));
        Print($"{text.Length} symbols in {bits.Length} bits instead of {text.Length * 8}");
        var decoded = Decode(root, bits);
        Print(decoded == text ? "decoded back" : $"decoded wrongly: {decoded}");
    }

    private HuffmanNode BuildTree(string text)
    {
        var queue = new PriorityQueue<HuffmanNode, (int Weight, int Order)>();
        var order = 0;
        foreach (var group in text.GroupBy(c => c).OrderBy(g => g.Key))
        {
            var leaf = new HuffmanLeaf(group.Key, group.Count(), order++);
            queue.Enqueue(leaf, (leaf.Weight, leaf.Order));
        }
        while (queue.Count > 1)
        {
            var zero = queue.Dequeue();
            var one = queue.Dequeue();
            var branch = new HuffmanBranch(zero, one, zero.Weight + one.Weight, order++);
        R:
            Print($"merge {zero.Weight} + {one.Weight} = {branch.Weight}");
            queue.Enqueue(branch, (branch.Weight, branch.Order));
        }
        return queue.Dequeue();
    }

    private void Assign(HuffmanNode node, string prefix, SortedDictionary<char, string> codes)
    {
        switch (node)
        {
            case HuffmanLeaf leaf:
                codes[leaf.Symbol] = prefix.Length == 0 ? "0" : prefix;
            S:
                Print($"'{leaf.Symbol}' x{leaf.Weight}: {codes[leaf.Symbol]}");
                break;
            case HuffmanBranch branch:
                Assign(branch.Zero, prefix + "0", codes);
                Assign(branch.One, prefix + "1", codes);
                break;
        }
    }

    private string Decode(HuffmanNode root, string bits)
    {
        var result = new System.Text.StringBuilder();
        var node = root;
        foreach (var bit in bits)
        {
            node = node is HuffmanBranch branch ? (bit == '0' ? branch.Zero : branch.One) : node;
            if (node is HuffmanLeaf leaf)
            {
                result.Append(leaf.Symbol);
                node = root;
            T:
                if (result.Length % 5 == 0)
                {
                    Print($"decoded {result}");
                }
            }
        }
        return result.ToString();
    }
}
