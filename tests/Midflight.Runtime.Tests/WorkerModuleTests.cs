using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Midflight.Model;
using Midflight.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Modules with workers of their own (Dymos, Kitsune, Rubah): a pool whose run hands each number it
/// reads to one of three workers, each summing its numbers three at a time, deep in a recursion whose
/// every level waits for a number at a point. Replaced at random moments, it prints what it prints
/// unreplaced: every worker's stack, and the work queued for it, went to the new instance.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class WorkerModuleTests
{
    private static readonly TimeSpan Step = Midflight.TestModules.Counter.Interval;

    private const int Workers = 3;

    private const int Rounds = 6;

    private const string Pool = """
        namespace Workers;

        public sealed class Pool : Midflight.Module
        {
            private readonly Midflight.WorkQueue<long>[] jobs = [new(), new(), new()];

            protected override void Run()
            {
                long n;
                while (true)
                {
                R:
                    n = Read<long>("in");
                    jobs[n % 3].Post(n);
                }
            }

            [Midflight.Worker(3)]
            private void Work(int index)
            {
                long total = 0;
                for (var round = 0; ; round++)
                {
                    var sum = Sum(index, 3);
                    total += sum;
                    Print($"worker {index}: round {round}, sum {sum}, total {total}");
                }
            }

            private long Sum(int index, int depth)
            {
                if (depth == 0)
                {
                    return 0;
                }
                long job;
            W:
                job = jobs[index].Take();
                return job + Sum(index, depth - 1);
            }
        }
        """;

    /// <summary>One worker that adds numbers in pairs: it waits for the first of a pair at W, for the second where no point is.</summary>
    private const string Pairs = """
        namespace Workers;

        public sealed class Pairs : Midflight.Module
        {
            private readonly Midflight.WorkQueue<long> jobs = new();

            protected override void Run()
            {
                long n;
                while (true)
                {
                R:
                    n = Read<long>("in");
                    jobs.Post(n);
                }
            }

            [Midflight.Worker]
            private void Add()
            {
                long first;
                while (true)
                {
                W:
                    first = jobs.Take();
                    var second = jobs.Take();
                    Print($"{first} + {second} = {first + second}");
                }
            }
        }
        """;

    [Fact]
    public async Task A_worker_that_does_not_reach_a_point_in_time_abandons_the_change_and_every_thread_goes_on_as_if_it_had_not_stopped()
    {
        var pairs = ModuleVersions.Build("WorkerPairs", Specification(new ModuleSource("versions/WorkerPairs.dll", "Workers.Pairs")) + "module app { instance pool }", ("Pairs.cs", Pairs));
        var (node, time, recorder) = await StartAsync(pairs);
        await using var _ = node;
        // The worker has taken the first of a pair, and waits for the second where no point is.
        await Drive.UntilAsync(node, time, () => recorder.CountOf("pool", "in", written: false) == 3, Step);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() =>
            Drive.CompleteAsync(node, time, node.ReconfigureAsync(Scripts.Replace(node.Status, "pool") with { Timeout = TimeSpan.FromSeconds(3) }), Step));

        Assert.StartsWith("abandoned: no reconfiguration point within 3 s ('pool' is ", refused.Message, StringComparison.Ordinal);
        await Drive.UntilAsync(node, time, () => recorder.Printed("pool").Count >= 5, Step);
        Assert.Equal(Enumerable.Range(0, 5).Select(k => $"{2 * k} + {(2 * k) + 1} = {(4 * k) + 1}"), recorder.Printed("pool").Take(5));
        // Given up, nothing of it is left: the next change finds the worker at its point.
        await Drive.UntilAsync(node, time, () => recorder.CountOf("pool", "in", written: false) % 2 == 0, Step);
        var replaced = await Drive.CompleteAsync(node, time, node.ReplaceAsync("pool"), Step);
        Assert.Equal(2, replaced.MovedFrames["pool"]);
        var printed = recorder.Printed("pool").Count;
        await Drive.UntilAsync(node, time, () => recorder.Printed("pool").Count >= printed + 3, Step);
        Assert.Equal(Enumerable.Range(0, printed + 3).Select(k => $"{2 * k} + {(2 * k) + 1} = {(4 * k) + 1}"), recorder.Printed("pool").Take(printed + 3));
    }

    [Fact]
    public async Task A_module_whose_workers_its_build_did_not_prepare_is_refused_as_it_is_added()
    {
        // Its specification names no point: the build leaves the class as it is.
        var unprepared = ModuleVersions.Build("WorkerPairsUnprepared", """
            module pool { source = "versions/WorkerPairsUnprepared.dll#Workers.Pairs" :: use interface in pattern = {integer} }
            module app { instance pool }
            """, ("Pairs.cs", Pairs));
        var time = new FakeTimeProvider(TestNodes.Epoch);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => TestNodes.StartAsync($$"""
            module pool { source = "{{unprepared}}" :: use interface in pattern = {integer} }
            module app { instance pool }
            """, time, new Recorder()));

        Assert.Contains("module class 'Workers.Pairs' declares workers (Add), which only a Module prepared by Midflight's build, with reconfiguration points its workers reach, can have", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_that_uses_the_bus_fails_its_module_saying_so()
    {
        var reader = ModuleVersions.Build("WorkerReads", Specification(new ModuleSource("versions/WorkerReads.dll", "Workers.Pairs")) + "module app { instance pool }",
            ("Pairs.cs", Pairs.Replace("var second = jobs.Take();", "var second = Read<long>(\"in\");", StringComparison.Ordinal)));
        var (node, time, recorder) = await StartAsync(reader);
        await using var _ = node;

        await Drive.UntilAsync(node, time, () => node.Status["pool"].Activity.Status == ModuleStatus.Faulted, Step);

        Assert.Empty(recorder.Printed("pool"));
        var refusal = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time, node.ReplaceAsync("pool"), Step));
        Assert.Contains("has faulted (worker 'Add[0]' of pool used the bus: a module's workers do not read, write or wait on its interfaces; its run does, and hands them work through WorkQueues)",
            refusal.Message, StringComparison.Ordinal);
    }

    private static string Specification(ModuleSource source) => $$"""
        module pool { source = "{{source}}" :: use interface in pattern = {integer} :: reconfiguration point = {R, W} :: }
        """;

    private static readonly Lazy<ModuleSource> PoolVersion = new(() =>
        ModuleVersions.Build("WorkerPool", Specification(new ModuleSource("versions/WorkerPool.dll", "Workers.Pool")) + "module app { instance pool }", ("Pool.cs", Pool)));

    /// <summary>A node running <paramref name="pool"/>, fed 0, 1, 2… a second apart by a counter.</summary>
    private static async Task<(Node Node, FakeTimeProvider Time, Recorder Recorder)> StartAsync(ModuleSource pool)
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var node = await TestNodes.StartAsync($$"""
            module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
            {{Specification(pool)}}
            module app { instance counter instance pool bind "counter out" "pool in" }
            """, time, recorder);
        return (node, time, recorder);
    }

    /// <summary>What each worker printed, in its order, up to <see cref="Rounds"/> rounds.</summary>
    private static List<string>[] ByWorker(Recorder recorder) =>
        [.. Enumerable.Range(0, Workers).Select(w => recorder.Printed("pool").Where(l => l.StartsWith($"worker {w}:", StringComparison.Ordinal)).Take(Rounds).ToList())];

    private static bool Done(Recorder recorder) => ByWorker(recorder).All(lines => lines.Count == Rounds);

    private static readonly Lazy<Task<List<string>[]>> Unreplaced = new(async () =>
    {
        var (node, time, recorder) = await StartAsync(PoolVersion.Value);
        await using var _ = node;
        await Drive.UntilAsync(node, time, () => Done(recorder), Step);
        return ByWorker(recorder);
    });

    [Fact]
    public async Task Unreplaced_each_worker_sums_its_own_numbers_three_at_a_time()
    {
        var printed = await Unreplaced.Value;

        // Worker w takes the numbers n with n % 3 == w, in order: round r sums the next three.
        for (var w = 0; w < Workers; w++)
        {
            long total = 0;
            for (var round = 0; round < Rounds; round++)
            {
                var sum = Enumerable.Range(0, 3).Sum(k => (long)(w + (3 * ((3 * round) + k))));
                total += sum;
                Assert.Equal($"worker {w}: round {round}, sum {sum}, total {total}", printed[w][round]);
            }
        }
    }

    [Fact]
    public Task Replaced_at_random_moments_a_module_with_three_workers_prints_what_it_prints_unreplaced() =>
        Gen.Int[0, 12].Array[1, 4].SamplePinnedAsync(async gaps =>
        {
            var (node, time, recorder) = await StartAsync(PoolVersion.Value);
            await using var _ = node;
            var moved = new List<int>();
            foreach (var gap in gaps)
            {
                await Drive.ForAsync(node, time, gap * Step, Step);
                var result = await Drive.CompleteAsync(node, time, node.ReplaceAsync("pool"), Step);
                moved.Add(result.MovedFrames["pool"]);
            }
            await Drive.UntilAsync(node, time, () => Done(recorder), Step);

            Assert.Equal(await Unreplaced.Value, ByWorker(recorder));
            // The run's frame at R, and each worker's stack: its Work frame, and Sum at least once.
            Assert.All(moved, frames => Assert.True(frames >= 1 + (Workers * 2), $"{frames} frames moved"));
        }, seed: "0N0XIzNsQ0O2", iter: 12, print: gaps => $"replaced after {string.Join(", then ", gaps.Select(g => $"{g} s"))}");
}
