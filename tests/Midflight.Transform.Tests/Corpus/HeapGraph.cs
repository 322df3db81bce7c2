// points: R
// Objects on the heap: a cycle, a shared reference, a dictionary and a class hierarchy survive a move
// with their identities.
namespace Corpus;

public class Node
{
    public string Name = "";
    public Node? Next;
    public List<Node> Friends = [];
}

public sealed class Leaf : Node
{
    public int Weight;
}

public sealed class HeapGraph : Midflight.Module
{
    private readonly Dictionary<string, Node> _byName = [];

    protected override void Run()
    {
        var a = new Node { Name = "a" };
        var b = new Leaf { Name = "b", Weight = 3 };
        a.Next = b;
        b.Next = a; // a cycle
        a.Friends.Add(b);
        _byName["a"] = a;
        _byName["b"] = b;
        var shared = b;
        for (var i = 0; i < 5; i++)
        {
            b.Weight += i;
        R:
            Print($"i={i} same={ReferenceEquals(shared, a.Next)} cycle={ReferenceEquals(a.Next!.Next, a)} weight={((Leaf)_byName["b"]).Weight} friend={ReferenceEquals(a.Friends[0], _byName["b"])}");
        }
    }
}
