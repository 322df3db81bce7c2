using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Midflight.Cli.Tests;

/// <summary>
/// The Monitor across three node processes on 127.0.0.1 (real processes, real Akka.Remote):
/// compute moved from node to node in the middle of its recursion (Hofmeister and Purtilo, Figures 1
/// and 5), a node killed in the middle of a move, the node hosting compute killed, and a process
/// without the cluster's secret.
/// </summary>
[Collection(ModuleBuildsCollection.Name)]
public sealed class ClusterProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Compute_moves_between_three_nodes_twenty_times_deep_in_its_recursion_and_the_display_prints_what_an_uninterrupted_run_prints()
    {
        using var cluster = await NodeProcesses.StartAsync();
        await cluster.PrintedAsync(2);
        string[] cycle = ["n2", "main", "n3"];
        var deep = 0;
        var moves = 0;
        for (var attempts = 0; deep < 20; attempts++)
        {
            Assert.True(attempts < 60, $"only {deep} of {moves} moves were 20 frames deep or more");
            var (exit, frames, printed) = await cluster.MoveAsync(cycle[moves++ % cycle.Length]);
            if (exit != 0)
            {
                AssertAbandonedByTheFailureDetector(exit, printed, cycle[(moves + 1) % cycle.Length]);
                moves--; // it stays where it was, and the next move goes where this one was to
                continue;
            }
            deep += frames >= 20 ? 1 : 0;
        }
        output.WriteLine($"{moves} moves, {deep} of them 20 frames deep or more");
        await cluster.PrintedAsync(cluster.Averages.Count + 3);
        cluster.AssertAveragesExact();

        using var status = await cluster.StatusAsync();
        var compute = status.RootElement.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "compute");
        Assert.Equal(cycle[(moves - 1) % cycle.Length], compute.GetProperty("node").GetString());
        Assert.Equal(["main", "n2", "n3"], status.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        Assert.All(status.RootElement.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("up", n.GetProperty("reachability").GetString()));
    }

    [Fact]
    public async Task A_node_killed_in_the_middle_of_a_move_to_it_aborts_the_move_and_compute_goes_on_where_it_was_with_nothing_lost()
    {
        // n3 waits 20 s before it takes in an instance moved to it: time to kill it in the middle of the move.
        using var cluster = await NodeProcesses.StartAsync(("MIDFLIGHT_TEST_ARRIVAL_DELAY", "20000"));
        await cluster.PrintedAsync(2);
        var (exit, _, printed) = await cluster.MoveAsync("n2");
        Assert.True(exit == 0, printed);

        var move = cluster.MoveAsync("n3");
        await cluster["n3"].PrintedAsync(line => line.Contains("The arrival of compute is held", StringComparison.Ordinal));
        cluster["n3"].Kill();
        (exit, _, printed) = await move;
        Assert.True(exit == 3, printed);
        Assert.Contains("the move of 'compute' to node 'n3' is abandoned", printed, StringComparison.Ordinal);
        Assert.Contains("'compute' goes on at node 'n2' where it was", printed, StringComparison.Ordinal);

        // It goes on at n2 from where it stopped: the display's next averages are exact.
        await cluster.PrintedAsync(cluster.Averages.Count + 3);
        cluster.AssertAveragesExact();
        using var status = await cluster.StatusAsync();
        var compute = status.RootElement.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "compute");
        Assert.Equal("n2", compute.GetProperty("node").GetString());
    }

    [Fact]
    public async Task The_node_hosting_compute_killed_is_reported_lost_the_others_go_on_and_status_and_the_log_say_so()
    {
        using var cluster = await NodeProcesses.StartAsync();
        await cluster.PrintedAsync(2);
        cluster["n3"].Kill();

        // Akka's failure detector finds it unreachable within seconds; the split-brain resolver then takes it out.
        await cluster["main"].PrintedAsync(line => line.Contains("Node n3 left the cluster; lost with it: compute", StringComparison.Ordinal));
        using var status = await cluster.StatusAsync();
        var nodes = status.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("reachability").GetString());
        Assert.Equal("lost", nodes["n3"]);
        Assert.Equal("up", nodes["n2"]);
        Assert.Equal("up", nodes["main"]);
        var instances = status.RootElement.GetProperty("instances").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("status").GetString());
        Assert.Equal("Lost", instances["compute"]);

        // The display's request to the lost compute is refused with the reason, not left to hang.
        await cluster["main"].PrintedAsync(line => line.Contains("Module display faulted", StringComparison.Ordinal));
        Assert.Contains("'compute display' was lost with node 'n3'", cluster["main"].Output, StringComparison.Ordinal);
        cluster.AssertAveragesExact();

        var log = new CliRun();
        Assert.Equal(0, await log.InvokeAsync("log", cluster.Configuration, "--json"));
        Assert.Contains("node 'n3' left the cluster; lost with it: compute", log.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_without_the_cluster_s_secret_cannot_join()
    {
        using var cluster = await NodeProcesses.StartAsync();
        var seed = cluster["main"].Lines.Select(l => Regex.Match(l, @" up at ([0-9.]+:[0-9]+)")).First(m => m.Success).Groups[1].Value;
        using var intruder = MidflightProcess.Start(
            ["node", "--name", "intruder", "--port", NodeProcesses.FreePort().ToString(CultureInfo.InvariantCulture), "--seed", seed, "--join-timeout", "5s"],
            new Dictionary<string, string> { ["MIDFLIGHT_CLUSTER_SECRET"] = "not the secret the nodes share" });
        var (exit, printed) = await intruder.ExitAsync(MidflightProcess.Patience);
        Assert.True(exit == 2, printed);
        Assert.Contains("did not get into the cluster within 5 s", printed, StringComparison.Ordinal);
        using var status = await cluster.StatusAsync();
        Assert.DoesNotContain("intruder", status.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Banking_runs_across_two_nodes_and_BookKeeper_is_updated_on_its_node_under_load_with_the_books_right()
    {
        var banking = Path.Combine(AppContext.BaseDirectory, "Banking.dll");
        var configuration = $$"""
            module client { source = "{{NodeProcesses.Modules}}#Midflight.ClusterModules.AuditingClient" ::
              client interface requests pattern = {integer, string, integer, integer, string} accepts {integer, integer, string} :: }
            module handler { source = "{{banking}}#Midflight.Examples.Banking.RequestHandler" ::
              server interface requests pattern = {integer, string, integer, integer, string} returns {integer, integer, string} ::
              client interface ledger pattern = {string, integer, integer, string} accepts {integer, string} :: }
            module bookkeeper { source = "{{banking}}#Midflight.Examples.Banking.BookKeeper" :: machine = "n2" ::
              server interface ledger pattern = {string, integer, integer, string} returns {integer, string} ::
              reconfiguration point = {R} :: }
            module banking {
              instance client instance handler instance bookkeeper
              bind "client requests" "handler requests"
              bind "handler ledger" "bookkeeper ledger" }
            """;
        using var cluster = await NodeProcesses.StartAsync(configuration, new Dictionary<string, IReadOnlyDictionary<string, string>> { ["n2"] = NodeProcesses.Environment() });
        await Audited(cluster, 2);

        // BookKeeper runs on n2; the update is asked of main, built there, and carried out on n2 under the client's load.
        var (exit, frames, printed) = await cluster.ChangeAsync("bookkeeper", "update", "bookkeeper", "--with", Path.Combine(AppContext.BaseDirectory, "BookKeeper.Checked.dll"));
        Assert.True(exit == 0, printed);
        Assert.Equal(1, frames);
        var audits = cluster["main"].Lines.Count(l => l.Contains(": books right", StringComparison.Ordinal));
        await Audited(cluster, audits + 2);
        Assert.DoesNotContain("books wrong", cluster["main"].Output, StringComparison.Ordinal);

        using var status = await cluster.StatusAsync();
        var bookkeeper = status.RootElement.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "bookkeeper");
        Assert.Equal("n2", bookkeeper.GetProperty("node").GetString());
        Assert.EndsWith("BookKeeper.Checked.dll#Midflight.Examples.Banking.BookKeeper", bookkeeper.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Contains("Module bookkeeper (bookkeeper) started", cluster["n2"].Output, StringComparison.Ordinal);
    }

    private static Task Audited(NodeProcesses cluster, int audits) =>
        cluster["main"].PrintedAsync(_ => cluster["main"].Lines.Count(l => l.Contains(": books right", StringComparison.Ordinal)) >= audits);

    /// <summary>
    /// Brute force across processes: a seeded random sequence of moves of compute between five nodes,
    /// some of them to a node killed (SIGKILL) while the move waits for it, and after all of them the
    /// display's averages are exactly an uninterrupted run's: no reading lost, repeated or reordered,
    /// no reply but its request's. <c>MIDFLIGHT_CLUSTER_SEED</c> runs another sequence. Only with
    /// <c>MIDFLIGHT_BRUTE_FORCE=1</c> (see <see cref="BruteForceFactAttribute"/>).
    /// </summary>
    [BruteForceFact]
    public async Task Random_moves_between_nodes_some_to_nodes_killed_in_the_middle_lose_repeat_and_reorder_nothing()
    {
        var seed = int.TryParse(System.Environment.GetEnvironmentVariable("MIDFLIGHT_CLUSTER_SEED"), CultureInfo.InvariantCulture, out var chosen) ? chosen : 13;
        output.WriteLine($"MIDFLIGHT_CLUSTER_SEED={seed}");
        var random = new Random(seed);
        // n4 and n5 take an instance moved to them a second late: the moment a kill lands in.
        var slow = NodeProcesses.Environment(("MIDFLIGHT_TEST_ARRIVAL_DELAY", "1500"));
        using var cluster = await NodeProcesses.StartAsync(NodeProcesses.DeepMonitor, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["n2"] = NodeProcesses.Environment(), ["n3"] = NodeProcesses.Environment(), ["n4"] = slow, ["n5"] = slow,
        });
        await cluster.PrintedAsync(2);
        var alive = new List<string> { "main", "n2", "n3", "n4", "n5" };
        var (at, moved, abandoned, suspected) = ("n3", 0, 0, 0);
        for (var step = 0; step < 16; step++)
        {
            var target = alive.Where(n => n != at).ElementAt(random.Next(alive.Count - 1));
            var killed = target is "n4" or "n5" && random.Next(2) == 0;
            var move = cluster.MoveAsync(target);
            if (killed)
            {
                await cluster[target].PrintedAsync(line => line.Contains("The arrival of compute is held", StringComparison.Ordinal));
                cluster[target].Kill();
                alive.Remove(target);
            }
            var (exit, _, printed) = await move;
            output.WriteLine($"{step}: compute {at} -> {target}{(killed ? ", killed in the middle" : "")}: exit {exit}");
            if (killed)
            {
                Assert.True(exit == 3, printed);
                Assert.Contains($"'compute' goes on at node '{at}' where it was", printed, StringComparison.Ordinal);
                abandoned++;
            }
            else if (exit == 0)
            {
                (at, moved) = (target, moved + 1);
            }
            else
            {
                AssertAbandonedByTheFailureDetector(exit, printed, at);
                suspected++;
            }
        }
        output.WriteLine($"{moved} moves committed, {abandoned} abandoned with their target killed, {suspected} abandoned with a live node taken for unreachable");
        await cluster.PrintedAsync(cluster.Averages.Count + 3);
        cluster.AssertAveragesExact();
        Assert.True(moved >= 8, $"only {moved} moves committed");
    }

    /// <summary>
    /// A move may be abandoned on a loaded machine when Akka's failure detector takes a live node for
    /// unreachable: safe, not a violation — the instance goes on where it was, nothing lost, which the
    /// averages then check — but never for another reason.
    /// </summary>
    private static void AssertAbandonedByTheFailureDetector(int exit, string printed, string at)
    {
        Assert.True(exit == 3, printed);
        Assert.Matches("became unreachable|did not answer", printed);
        Assert.Contains($"'compute' goes on at node '{at}' where it was", printed, StringComparison.Ordinal);
    }
}
