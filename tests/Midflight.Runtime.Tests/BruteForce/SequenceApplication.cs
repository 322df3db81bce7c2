namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// The application the random runs change: producers writing numbered messages, each bound to a
/// consumer, one of them prepared, its stack moving with it; a client calling a server that echoes, checking every reply is its request's; and a
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

    /// <summary>
    /// The first producer is prepared: it writes from the bottom of a recursion and waits at its point
    /// <c>R</c> there, so that a replace moves its whole stack, and its state can be captured.
    /// </summary>
    public static string PreparedProducer => Producer(0);

    private static readonly Lazy<Model.ModuleSource> DeepSequencer = new(() => ModuleVersions.Build("DeepSequencer", """
        module deepproducer { source = "versions/DeepSequencer.dll#Tests.DeepSequencer" :: define interface out pattern = {string, integer} :: reconfiguration point = {R} :: }
        module app { instance deepproducer }
        """, ("DeepSequencer.cs", """
        namespace Tests;

        public sealed class DeepSequencer : Midflight.Module
        {
            private string? _origin;
            private long _next;

            protected override void Run()
            {
                _origin ??= InstanceName;
                while (true)
                {
                    Burst(4);
                }
            }

            private void Burst(int left)
            {
                if (left == 0)
                {
                R:
                    Delay(TimeSpan.FromSeconds(1));
                    return;
                }
                Write("out", Midflight.Message.Of(Midflight.Value.String(_origin!), Midflight.Value.Integer(_next++)));
                Burst(left - 1);
            }
        }
        """)));

    public static string Configuration => $$"""
        module deepproducer { source = "{{DeepSequencer.Value}}" :: define interface out pattern = {string, integer} :: reconfiguration point = {R} :: }
        module producer { source = "{{TestNodes.TestModule("Sequencer")}}" :: define interface out pattern = {string, integer} }
        module consumer { source = "{{TestNodes.TestModule("SequenceSink")}}" :: use interface in pattern = {string, integer} }
        module caller { source = "{{TestNodes.TestModule("Caller")}}" :: client interface ask pattern = {integer} accepts {~integer} }
        module echo { source = "{{TestNodes.TestModule("Echo")}}" :: server interface ask pattern = {~integer} returns {integer} }
        module asker { source = "{{TestNodes.TestModule("Asker")}}" :: client interface ask pattern = {integer} accepts {~integer} }
        module stubborn { source = "{{TestNodes.TestModule("Stubborn")}}" :: server interface ask pattern = {~integer} returns {integer} }
        module app {
        {{string.Concat(Enumerable.Range(0, Producers).Select(i => $"  instance {Producer(i)} : {(i == 0 ? "deepproducer" : "producer")}\n  instance {Consumer(i)} : consumer\n  bind \"{Producer(i)} out\" \"{Consumer(i)} in\"\n"))}}
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
