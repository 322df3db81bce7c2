using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// The application the random runs change: producers writing numbered messages, each bound to a
/// consumer, one of them prepared, its stack moving with it; a client calling a server that echoes, checking every reply is its request's; and a
/// server that holds a request and is never idle, for changes that must time out.
/// </summary>
internal static partial class SequenceApplication
{
    public const int Producers = 3;

    public const string Caller = "caller";

    public const string Echo = "echo";

    public const string Stubborn = "stubborn";

    public static string Producer(int index) => $"p{index}";

    public static string Consumer(int index) => $"c{index}";

    public static bool IsConsumer(string instance) => Enumerable.Range(0, Producers).Any(i => Consumer(i) == instance);

    /// <summary>A consumer added and removed at random, and bound to producers as a second reader of theirs.</summary>
    public const string Spare = "spare";

    /// <summary>
    /// The instance a reader or writer stands for: a replica stands in for the instance it replicates,
    /// reading its queue and writing its messages until it hands them back (see <see cref="Node.ReplicateAsync"/>).
    /// </summary>
    public static string Logical(string instance) => ReplicaSuffix().Replace(instance, "");

    /// <summary>Where each producer's messages go: the readers its <c>out</c> is bound to, by <see cref="Logical"/> names.</summary>
    public static ImmutableDictionary<string, ImmutableSortedSet<string>> Routes(ApplicationStatus status) =>
        Enumerable.Range(0, Producers).Select(Producer).ToImmutableDictionary(
            producer => producer,
            producer => status.Bindings.Where(b => b.From.Interface == "out" && Logical(b.From.Instance) == producer)
                .Select(b => Logical(b.To.Instance)).ToImmutableSortedSet(StringComparer.Ordinal));

    /// <summary>The readers bound to <paramref name="producer"/> now, by instance name, in order.</summary>
    public static IReadOnlyList<string> ReadersOf(Node node, string producer) =>
        [.. node.Status.Bindings.Where(b => b.From.Instance == producer && b.From.Interface == "out").Select(b => b.To.Instance).Order(StringComparer.Ordinal)];

    [GeneratedRegex("_replica[0-9]*$")]
    private static partial Regex ReplicaSuffix();

    /// <summary>The instances random changes replace, move and replicate.</summary>
    public static string[] Instances { get; } =
        [.. Enumerable.Range(0, Producers).SelectMany(i => new[] { Producer(i), Consumer(i) }), Caller, Echo];

    /// <summary>
    /// The first producer is prepared: it writes from the bottom of a recursion and waits at its point
    /// <c>R</c> there, so that a replace moves its whole stack, and its state can be captured.
    /// </summary>
    public static string PreparedProducer => Producer(0);

    private static readonly Lazy<Model.ModuleSource> DeepSequencer = new(() => BuildDeepSequencer("DeepSequencer", "TimeSpan.FromSeconds(1)"));

    /// <summary>
    /// Builds, as assembly <paramref name="name"/>, a prepared producer of numbered messages: it writes
    /// four from the bottom of a recursion, then waits <paramref name="pause"/> (C#) at its point <c>R</c>
    /// there, so that a replace or a move carries its whole stack — <c>Run</c> and five frames — and its state.
    /// </summary>
    public static Model.ModuleSource BuildDeepSequencer(string name, string pause) => ModuleVersions.Build(name, $$"""
        module deepproducer { source = "versions/{{name}}.dll#Tests.DeepSequencer" :: define interface out pattern = {string, integer} :: reconfiguration point = {R} :: }
        module app { instance deepproducer }
        """, ("DeepSequencer.cs", $$"""
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
                    Delay({{pause}});
                    return;
                }
                Write("out", Midflight.Message.Of(Midflight.Value.String(_origin!), Midflight.Value.Integer(_next++)));
                Burst(left - 1);
            }
        }
        """));

    public static string Configuration => $$"""
        module deepproducer { source = "{{DeepSequencer.Value}}" :: define interface out pattern = {string, integer} :: reconfiguration point = {R} :: }
        module producer { source = "{{TestNodes.TestModule("Sequencer")}}" :: define interface out pattern = {string, integer} }
        module consumer { source = "{{TestNodes.TestModule("SequenceSink")}}" :: use interface in pattern = {string, integer} capacity = 6 }
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
