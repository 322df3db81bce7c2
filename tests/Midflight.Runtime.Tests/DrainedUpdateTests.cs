using System.Globalization;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>
/// MTS's versions side by side (<c>update --drain</c>): the old version answers the requests it had
/// read, the new one serves the rest at once, and the old is deleted once drained — every request
/// answered once, each client's replies in the order of its requests.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class DrainedUpdateTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A server that takes the request waiting and up to two more queued behind it, works on them for
    /// <paramref name="work"/>, and answers each with its version's name. It starts 10 ms late, so
    /// that the askers' first requests are all queued by then.
    /// </summary>
    private static string Service(string version, string work) => $$"""
        namespace Drain;

        public sealed class Service : Midflight.Module
        {
            protected override void Run()
            {
                Delay(TimeSpan.FromMilliseconds(10));
                while (true)
                {
                    var batch = new List<Midflight.Message> { Read("ask") };
                    while (batch.Count < 3 && HasMessages("ask"))
                    {
                        batch.Add(Read("ask"));
                    }
                    Delay({{work}});
                    foreach (var request in batch)
                    {
                        Write("ask", Midflight.Message.Of("{{version}}", request[0]));
                    }
                }
            }
        }
        """;

    /// <summary>Sends two requests at a time, numbered on from 0, and prints each reply as it comes: its number and the version that made it.</summary>
    private const string Asker = """
        namespace Drain;

        public sealed class Asker : Midflight.Module
        {
            protected override void Run()
            {
                for (long i = 0; ; i += 2)
                {
                    Write("ask", i);
                    Write("ask", i + 1);
                    for (var k = 0; k < 2; k++)
                    {
                        var reply = Read("ask");
                        Print($"{(long)reply[1]} {(string)reply[0]}");
                    }
                    Delay(TimeSpan.FromMilliseconds(300));
                }
            }
        }
        """;

    private static string ServiceSpecification(ModuleSource source) =>
        $$"""module service { source = "{{source}}" :: server interface ask pattern = {~integer} returns {string, integer} }""";

    private static string AskerSpecification(ModuleSource source) =>
        $$"""module asker { source = "{{source}}" :: client interface ask pattern = {integer} accepts {~string, ~integer} }""";

    private static ModuleSource ServiceVersion(string name, string version, string work) =>
        ModuleVersions.Build(name, ServiceSpecification(new ModuleSource($"versions/{name}.dll", "Drain.Service")) + "module app { instance service }",
            ("Service.cs", Service(version, work)));

    private static readonly Lazy<ModuleSource> AskerVersion = new(() =>
        ModuleVersions.Build("DrainAsker", AskerSpecification(new ModuleSource("versions/DrainAsker.dll", "Drain.Asker")) + "module app { instance asker }", ("Asker.cs", Asker)));

    private static readonly string[] Askers = ["a", "b", "c", "d"];

    private static async Task<(Node Node, FakeTimeProvider Time, Recorder Recorder)> StartAsync(ModuleSource service) => await StartAsync(service, Askers);

    private static async Task<(Node Node, FakeTimeProvider Time, Recorder Recorder)> StartAsync(ModuleSource service, IEnumerable<string> askers)
    {
        var asker = AskerVersion.Value;
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var node = await TestNodes.StartAsync($$"""
            {{ServiceSpecification(service)}}
            {{AskerSpecification(asker)}}
            module app {
              instance service
              {{string.Join("\n  ", askers.Select(a => $"instance {a} : asker bind \"{a} ask\" \"service ask\""))}}
            }
            """, time, recorder);
        return (node, time, recorder);
    }

    /// <summary>What an asker printed, as (request number, version that answered).</summary>
    private static List<(long Number, string Version)> Replies(Recorder recorder, string asker) =>
        [.. recorder.Printed(asker).Select(line => line.Split(' ')).Select(words => (long.Parse(words[0], CultureInfo.InvariantCulture), words[1]))];

    [Fact]
    public async Task The_old_version_answers_the_requests_it_read_while_the_new_one_serves_the_rest_each_once_and_in_order()
    {
        var (node, time, recorder) = await StartAsync(ServiceVersion("DrainServiceV1", "v1", "TimeSpan.FromSeconds(5)"));
        await using var _ = node;
        // The old version holds a batch of three of the eight first requests, working on it for 5 s.
        await Drive.UntilAsync(node, time, () => node.Status["service"].Activity == new ModuleActivity(ModuleStatus.Waiting, "delay")
            && recorder.CountOf("service", "ask", written: false) == 3, Step);

        var result = await Drive.CompleteAsync(node, time, node.UpdateDrainingAsync("service", ServiceVersion("DrainServiceV2", "v2", "TimeSpan.FromMilliseconds(50)")), Step);

        Assert.Equal(3, result.Draining["service"]);
        Assert.Equal("versions/DrainServiceV2.dll", node.Status["service"].Spec.Source.Path);
        // The new version answers requests while the old one still works on its batch: nothing waited for it.
        await Drive.UntilAsync(node, time, () => Askers.Any(a => Replies(recorder, a).Any(r => r.Version == "v2")), Step);
        var draining = Assert.Single(node.Status.Draining);
        Assert.Equal(("service", 3), (draining.Name, draining.RepliesOwed));
        Assert.Equal("versions/DrainServiceV1.dll", draining.Source.Path);
        Assert.DoesNotContain(Askers.SelectMany(a => Replies(recorder, a)), r => r.Version == "v1");
        // Replies of the new version wait behind the old one's: it is not replaced until those have gone.
        var early = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReplaceAsync("service"));
        Assert.StartsWith("'service''s old version is still draining and owes 3 replies", early.Message, StringComparison.Ordinal);

        // The old version answers its three, and is deleted; the new one serves on.
        await Drive.UntilAsync(node, time, () => node.Status.Draining.IsEmpty && Askers.All(a => Replies(recorder, a).Count >= 10), Step);

        var replies = Askers.ToDictionary(a => a, a => Replies(recorder, a));
        foreach (var (asker, answered) in replies)
        {
            // Every request answered once, in the order it was made.
            Assert.Equal(Enumerable.Range(0, answered.Count).Select(n => (long)n), answered.Select(r => r.Number));
            // What the old version read it answered, and nothing after: the new version answered the rest.
            Assert.All(answered.SkipWhile(r => r.Version == "v1"), r => Assert.Equal("v2", r.Version));
        }
        Assert.Equal(3, replies.Values.Sum(r => r.Count(reply => reply.Version == "v1")));
        // The batch of three took one client's first request and not its second: that client's second
        // reply, made first by the new version, was held until the old version's reply had gone.
        Assert.Contains(replies.Values, r => r[0].Version == "v1" && r[1].Version == "v2");
    }

    /// <summary>Three versions whose work takes from 50 ms to 2.05 s, depending on the request's number.</summary>
    private static readonly Lazy<ModuleSource[]> Versions = new(() =>
        [.. new[] { "v1", "v2", "v3" }.Select((v, i) => ServiceVersion($"DrainServiceAny{v}", v, $"TimeSpan.FromMilliseconds(50 + {500 * (i + 1)} * ((long)batch[0][0] % 3))"))]);

    [Fact]
    public Task Drained_at_any_moment_twice_in_a_row_every_request_is_answered_once_and_in_its_client_s_order() =>
        Gen.Select(Gen.Int[1, 5], Gen.Int[0, 30], Gen.Int[0, 30]).SamplePinnedAsync(async draw =>
        {
            var (askers, firstAfter, secondAfter) = draw;
            var (node, time, recorder) = await StartAsync(Versions.Value[0], Askers.Take(askers));
            await using var _ = node;

            await Drive.ForAsync(node, time, firstAfter * Step, Step);
            await Drive.CompleteAsync(node, time, node.UpdateDrainingAsync("service", Versions.Value[1]), Step);
            // The second waits for the first to drain: until then it is refused, the application untouched.
            await Drive.UntilAsync(node, time, () => node.Status.Draining.IsEmpty, Step);
            await Drive.ForAsync(node, time, secondAfter * Step, Step);
            await Drive.CompleteAsync(node, time, node.UpdateDrainingAsync("service", Versions.Value[2]), Step);
            await Drive.UntilAsync(node, time, () => node.Status.Draining.IsEmpty && Askers.Take(askers).All(a => Replies(recorder, a).Any(r => r.Version == "v3")), Step);

            foreach (var asker in Askers.Take(askers))
            {
                var answered = Replies(recorder, asker);
                Assert.Equal(Enumerable.Range(0, answered.Count).Select(n => (long)n), answered.Select(r => r.Number));
                // Each client is served by one version after the other, never by an older one again.
                Assert.Equal(answered.Select(r => r.Version).Order(StringComparer.Ordinal), answered.Select(r => r.Version));
            }
        }, seed: "0N0XIzNsQ0O2", iter: 30, print: draw => $"{draw.Item1} askers, drained after {draw.Item2 * Step.TotalMilliseconds} ms, then {draw.Item3 * Step.TotalMilliseconds} ms after the first drained");

    [Fact]
    public async Task A_version_that_keeps_state_in_its_fields_is_not_drained_and_the_application_is_untouched()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await TestNodes.StartAsync($$"""
            {{TestNodes.CallerAndEcho}}
            module app { instance caller instance echo bind "caller ask" "echo ask" }
            """, time, recorder);
        await Drive.UntilAsync(node, time, () => recorder.Printed("caller").Count >= 2, Step);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() =>
            Drive.CompleteAsync(node, time, node.UpdateDrainingAsync("caller", node.Status["caller"].Spec.Source), Step));

        Assert.Equal(
            "'caller' cannot be drained: its version keeps state in field '_next' (System.Int64), which its successor would not have, since a drained version runs on beside it and hands over nothing. Update without draining (the state moves at a point), or keep the state in an instance of its own; the application is unchanged",
            refused.Message);
        Assert.Empty(node.Status.Draining);
        var printed = recorder.Printed("caller").Count;
        await Drive.UntilAsync(node, time, () => recorder.Printed("caller").Count > printed + 2, Step);
        Assert.Equal(Enumerable.Range(0, recorder.Printed("caller").Count).Select(i => $"ok {i}"), recorder.Printed("caller"));
    }

    [Fact]
    public async Task A_plan_that_takes_the_replies_of_a_drained_instance_from_it_is_refused()
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        await using var node = await TestNodes.StartAsync($$"""
            {{TestNodes.CallerAndEcho}}
            module app { instance caller instance echo bind "caller ask" "echo ask" }
            """, time, new Recorder());
        var plan = new Reconfiguration([
            new AddModule(ModuleRef.New("caller"), node.Status["caller"].Spec),
            new DeleteBinding(ModuleRef.Current("caller")["ask"], ModuleRef.Current("echo")["ask"]),
            new AddBinding(ModuleRef.New("caller")["ask"], ModuleRef.Current("echo")["ask"]),
            new CopyQueue(ModuleRef.Current("caller")["ask"], ModuleRef.New("caller")["ask"]),
            new StartModule(ModuleRef.New("caller")),
            new DeleteModule(ModuleRef.Current("caller")) { Drained = true },
        ]);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReconfigureAsync(plan));

        Assert.Equal(
            "\"caller ask\" is the queue of a client interface of caller, which is drained: the replies to its requests come there, and it takes them itself; copy and remove only its use and server queues",
            refused.Message);
    }
}
