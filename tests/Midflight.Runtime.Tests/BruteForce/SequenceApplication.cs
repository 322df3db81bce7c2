namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// The application the random runs change: producers writing numbered messages, each bound to a
/// consumer; a client calling a server that echoes, checking every reply is its request's; and a
/// server that holds a request and is never idle, for changes that must time out.
/// </summary>
internal static class SequenceApplication
{
    public const int Producers = 3;

    public const string Caller = "caller";

    public const string Echo = "echo";

    public const string Stubborn = "stubborn";

    public static string Producer(int index) => $"p{index}";

    public static string Consumer(int index) => $"c{index}";

    /// <summary>The instances random changes replace, move and replicate.</summary>
    public static string[] Instances { get; } =
        [.. Enumerable.Range(0, Producers).SelectMany(i => new[] { Producer(i), Consumer(i) }), Caller, Echo];

    public static string Configuration { get; } = $$"""
        module producer { source = "{{TestNodes.TestModule("Sequencer")}}" :: define interface out pattern = {string, integer} }
        module consumer { source = "{{TestNodes.TestModule("SequenceSink")}}" :: use interface in pattern = {string, integer} }
        module caller { source = "{{TestNodes.TestModule("Caller")}}" :: client interface ask pattern = {integer} accepts {~integer} }
        module echo { source = "{{TestNodes.TestModule("Echo")}}" :: server interface ask pattern = {~integer} returns {integer} }
        module asker { source = "{{TestNodes.TestModule("Asker")}}" :: client interface ask pattern = {integer} accepts {~integer} }
        module stubborn { source = "{{TestNodes.TestModule("Stubborn")}}" :: server interface ask pattern = {~integer} returns {integer} }
        module app {
        {{string.Concat(Enumerable.Range(0, Producers).Select(i => $"  instance {Producer(i)} : producer\n  instance {Consumer(i)} : consumer\n  bind \"{Producer(i)} out\" \"{Consumer(i)} in\"\n"))}}
          instance caller instance echo bind "caller ask" "echo ask"
          instance asker instance stubborn bind "asker ask" "stubborn ask"
        }
        """;

    /// <summary>The instances, their specifications and bindings, as text to compare before and after a refused change.</summary>
    public static string Shape(Node node)
    {
        var status = node.Status;
        return string.Join("\n", status.Instances.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => $"{i.Name} {i.Spec}"))
            + "\n" + string.Join("\n", status.Bindings.Select(b => b.ToString()).Order(StringComparer.Ordinal));
    }
}
