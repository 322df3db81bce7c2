namespace Midflight.Runtime.Tests;

/// <summary>
/// The SCP's way of updating (the survey's Bellcore Service Control Point): a replica takes the
/// instance's traffic and state, and the instance comes back in its new version and takes them back.
/// Two transactions, every request still answered once, the books right. A version that does not fit
/// is refused before anything moves; if the way back is refused at the stack, the instance comes back
/// in its old version under its own name.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class ReplicateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-replicate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(BankingRun Bank, SqliteEventLog Log)> StartAsync()
    {
        var log = await SqliteEventLog.OpenAsync(Path.Combine(_folder, "events.db"));
        return (await BankingRun.StartAsync(options => options with { EventLog = log }), log);
    }

    private static Task<ReconfigurationResult> ReplicateAsync(Node node, Midflight.Model.ModuleSource version) =>
        node.ReplicateAsync("bookkeeper", version, r => r with { RequestedBy = "ops" });

    [Fact]
    public async Task BookKeeper_is_updated_through_a_replica_under_a_steady_stream_and_the_books_are_right()
    {
        var (bank, log) = await StartAsync();
        await using var _ = bank;
        await bank.RunAsync(200);
        var before = bank.Answered;

        var result = await bank.DuringBurstAsync(node => ReplicateAsync(node, BankingRun.Version("BookKeeper.Checked.csproj")));
        await bank.RunAsync(200);
        await bank.FinishAsync();

        Assert.Equal(new Dictionary<string, int> { ["bookkeeper"] = 1, ["bookkeeper_replica"] = 1 }, result.MovedFrames);
        Assert.Equal("BookKeeper.Checked.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        Assert.DoesNotContain(bank.Node.Status.Instances, i => i.Name.Contains("replica", StringComparison.Ordinal));
        var refused = bank.VerifyBooks();
        Assert.NotEmpty(refused);
        Assert.All(refused, index => Assert.True(index >= before, $"request {index + 1} was refused before the update"));
        var entries = (await log.ReadAsync(10, CancellationToken.None)).Skip(1).ToList();
        Assert.Equal(["route bookkeeper to its replica bookkeeper_replica", "route bookkeeper back from bookkeeper_replica, running BookKeeper.Checked.csproj#" + BankingRun.BookKeeperType],
            entries.Select(e => e.Title));
        Assert.All(entries, e => Assert.Equal(("ops", ReconfigurationOutcome.Committed), (e.RequestedBy, e.Outcome)));
        Assert.Contains("move state from bookkeeper_replica to bookkeeper (new)", entries[1].Plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_that_does_not_fit_the_state_is_refused_before_anything_moves()
    {
        var (bank, log) = await StartAsync();
        await using var _ = bank;
        await bank.RunAsync(100);
        var version = BookKeeperVersions.WithoutAvailAccountNo("NoAvailAccountNoReplicated");

        var reason = await bank.RefusedAsync(node => ReplicateAsync(node, version));
        await bank.RunAsync(100);
        await bank.FinishAsync();

        Assert.StartsWith("the new version does not fit, so nothing moved: ", reason, StringComparison.Ordinal);
        Assert.Contains("field 'availAccountNo' (System.Int32) is gone from the new version", reason, StringComparison.Ordinal);
        Assert.Equal("Banking.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        Assert.Empty(bank.VerifyBooks());
        var entries = await log.ReadAsync(10, CancellationToken.None);
        Assert.Equal([ReconfigurationOutcome.Committed, ReconfigurationOutcome.Failed], entries.Select(e => e.Outcome));
        Assert.StartsWith("check bookkeeper running versions/NoAvailAccountNoReplicated.dll", entries[1].Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_way_back_refused_at_the_stack_brings_the_instance_back_in_its_old_version_with_its_state()
    {
        var (bank, log) = await StartAsync();
        await using var _ = bank;
        await bank.RunAsync(100);
        // Only the captured stack shows that the frame stopped at R cannot resume in this version.
        var version = BookKeeperVersions.ReadingInNext("PointInNextReplicated");

        var reason = await bank.RefusedAsync(node => ReplicateAsync(node, version));
        await bank.RunAsync(100);
        await bank.FinishAsync();

        Assert.StartsWith("the way back from 'bookkeeper_replica' was refused: ", reason, StringComparison.Ordinal);
        Assert.Contains("cannot resume the stack of bookkeeper_replica", reason, StringComparison.Ordinal);
        Assert.EndsWith("'bookkeeper' runs its old version again, its state taken back from 'bookkeeper_replica'", reason, StringComparison.Ordinal);
        Assert.Equal("Banking.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        Assert.Equal(["bookkeeper", "client", "handler"], bank.Node.Status.Instances.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Empty(bank.VerifyBooks());
        var entries = await log.ReadAsync(10, CancellationToken.None);
        Assert.Equal([ReconfigurationOutcome.Committed, ReconfigurationOutcome.Committed, ReconfigurationOutcome.Failed, ReconfigurationOutcome.Committed],
            entries.Select(e => e.Outcome));
    }
}
