using Microsoft.Extensions.Time.Testing;
using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>
/// The Banking example running on fake time, with its client's steady stream of requests, and the
/// checks a bank would make of it: every request answered exactly once, and every balance the sum
/// of the deposits and withdrawals applied to it.
/// </summary>
internal sealed class BankingRun : IAsyncDisposable
{
    public const string BookKeeperType = "Midflight.Examples.Banking.BookKeeper";
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    private BankingRun(Node node, FakeTimeProvider time, Recorder recorder)
    {
        Node = node;
        Time = time;
        Recorder = recorder;
    }

    public Node Node { get; }

    public FakeTimeProvider Time { get; }

    public Recorder Recorder { get; }

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "examples", "Banking");

    public static string Source(string file) => File.ReadAllText(Path.Combine(Folder, file));

    /// <param name="configure">Changes the test node's options, such as to give it an event log.</param>
    public static async Task<BankingRun> StartAsync(Func<NodeOptions, NodeOptions>? configure = null)
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var options = TestNodes.Options(time, recorder);
        var node = await Node.StartAsync(TestNodes.Parse(Source("banking.mil")), configure is null ? options : configure(options));
        return new BankingRun(await TestNodes.SettledAsync(node), time, recorder);
    }

    /// <summary>How many modules run for ever, stuck, and are not waited for to settle.</summary>
    public int Stuck { get; private set; }

    /// <summary>Lets the client go on until <paramref name="lost"/> completes: a module is stuck, and is not waited for from then on.</summary>
    public async Task UntilStuckAsync(Task lost)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await Task.WhenAny(Node.WhenIdleAsync(Stuck, bound.Token), lost) != lost)
        {
            Time.Advance(Pace);
        }
        Stuck++;
    }

    /// <summary>The replies the client has read so far.</summary>
    public int Answered => Recorder.ReadOn("client", "requests").Count;

    /// <summary>Lets the client go on until <paramref name="more"/> more requests are answered.</summary>
    public async Task RunAsync(int more)
    {
        var target = Answered + more;
        await Drive.UntilAsync(Node, Time, () => Answered >= target, Pace, busy: Stuck);
    }

    /// <summary>
    /// Carries out a change while the client is in the middle of a burst of requests: the clock is
    /// advanced to release the burst, and the change is asked for at once.
    /// </summary>
    public async Task<ReconfigurationResult> DuringBurstAsync(Func<Node, Task<ReconfigurationResult>> change)
    {
        Time.Advance(Pace);
        return await Drive.CompleteAsync(Node, Time, change(Node), Pace, Stuck);
    }

    /// <summary>Asks for an update that must be refused while the client runs; returns the reason.</summary>
    public async Task<string> RefusedAsync(Func<Node, Task<ReconfigurationResult>> change)
    {
        Time.Advance(Pace);
        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(Node, Time, change(Node), Pace));
        return refused.Message;
    }

    public static Task<ReconfigurationResult> UpdateAsync(Node node, ModuleSource version) => node.UpdateAsync("bookkeeper", version);

    public static ModuleSource Version(string project) => new(project, BookKeeperType);

    /// <summary>Lets the client's ten minutes pass: it prints every account it opened and ends.</summary>
    public async Task FinishAsync() =>
        await Drive.UntilAsync(Node, Time, () => Node.Status["client"].Activity.Status == ModuleStatus.Completed, TimeSpan.FromSeconds(10), busy: Stuck);

    /// <summary>
    /// The bank's books, checked from what crossed the bus: each request read once by the handler and
    /// answered once, in order; and each account's final balance (the client's last Print of it) the
    /// sum of the amounts whose replies said they were applied.
    /// </summary>
    /// <returns>How many deposits and withdrawals were refused, in request order.</returns>
    public IReadOnlyList<int> VerifyBooks()
    {
        var requests = Recorder.WrittenOn("client", "requests");
        var replies = Recorder.ReadOn("client", "requests");
        Assert.Equal(Enumerable.Range(1, requests.Count).Select(n => (long)n), requests.Select(r => r[0].AsInteger()));
        Assert.Equal(requests.Select(r => r[0].AsInteger()), replies.Select(r => r[0].AsInteger()));
        Assert.Equal(requests, Recorder.ReadOn("handler", "requests"));
        Assert.Equal(replies, Recorder.WrittenOn("handler", "requests"));

        var balances = new Dictionary<long, long>();
        var refused = new List<int>();
        var printed = new Dictionary<long, long>();
        for (var i = 0; i < requests.Count; i++)
        {
            var (request, reply) = (requests[i], replies[i]);
            var account = request[2].AsInteger();
            switch (request[1].AsString())
            {
                case "Open":
                    balances[reply[1].AsInteger()] = 0;
                    break;
                case "Deposit" or "Withdraw" when reply[1].AsInteger() == 1:
                    balances[account] += request[3].AsInteger();
                    break;
                case "Deposit" or "Withdraw":
                    refused.Add(i);
                    break;
                case "Print":
                    printed[account] = reply[1].AsInteger();
                    break;
            }
        }
        Assert.Equal(12, balances.Count);
        Assert.Equal(balances.OrderBy(b => b.Key), printed.OrderBy(p => p.Key));
        return refused;
    }

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
