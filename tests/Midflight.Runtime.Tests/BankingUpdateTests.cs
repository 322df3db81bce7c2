using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>
/// DYMOS's example session on the Banking example: BookKeeper updated while a client issues a steady
/// stream of requests — to Figure 1-4's AdjustBalance, then to a new data structure through a state
/// mapper — with every request answered once and the books right.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class BankingUpdateTests
{
    [Fact]
    public async Task BookKeeper_is_updated_twice_under_a_steady_stream_of_requests_and_the_books_are_right()
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(200);
        var before = bank.Answered;

        // (a) Figure 1-4: AdjustBalance refuses overdrafts from now on.
        var toChecked = await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, BankingRun.Version("BookKeeper.Checked.csproj")));
        Assert.Equal(1, toChecked.MovedFrames["bookkeeper"]);
        var switchedToChecked = bank.Answered;
        await bank.RunAsync(200);

        // (b) the array of records becomes a dictionary of a new record type, through the state mapper.
        await bank.DuringBurstAsync(node => BankingRun.UpdateAsync(node, BankingRun.Version("BookKeeper.Dictionary.csproj")));
        await bank.RunAsync(200);
        Assert.Equal("BookKeeper.Dictionary.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        await bank.FinishAsync();

        var refused = bank.VerifyBooks();
        // The first version applied every withdrawal; the others refused overdrafts, and did so
        // under both data structures.
        Assert.All(refused, index => Assert.True(index >= before, $"request {index + 1} was refused before the update"));
        Assert.Contains(refused, index => index < switchedToChecked + 200);
        Assert.Contains(refused, index => index >= switchedToChecked + 200);
    }

    [Fact]
    public async Task An_update_builds_its_project_again_and_a_replace_shares_the_build_it_runs()
    {
        await using var bank = await BankingRun.StartAsync();
        var status = bank.Node.Status;

        var update = Scripts.Update(status, "bookkeeper", BankingRun.Version("BookKeeper.Checked.csproj"));
        var replace = Scripts.Replace(status, "bookkeeper");

        Assert.True(update.Steps.OfType<AddModule>().Single().Rebuild);
        Assert.Contains("1. add module bookkeeper (new) from BookKeeper.Checked.csproj#Midflight.Examples.Banking.BookKeeper, built again", update.ToString(), StringComparison.Ordinal);
        Assert.False(replace.Steps.OfType<AddModule>().Single().Rebuild);
    }
}
