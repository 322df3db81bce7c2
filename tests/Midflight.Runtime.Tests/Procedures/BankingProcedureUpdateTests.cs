using Midflight.Runtime.Procedures;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>
/// Figure 1-4 the DYMOS way: BookKeeper's AdjustBalance alone updated, procedure-level, while the
/// client issues its steady stream of requests — every request answered once, the books right, and
/// BookKeeper serving through the switch, never stopped or replaced.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class BankingProcedureUpdateTests
{
    [Fact]
    public async Task AdjustBalance_is_updated_alone_under_a_steady_stream_and_the_books_are_right()
    {
        await using var bank = await BankingRun.StartAsync(options => options with { BaseDirectory = ExampleFolders.Of("Banking") });
        await bank.RunAsync(200);
        var before = bank.Answered;
        var source = Path.Combine(ExampleFolders.Of("Banking"), "updates", "BookKeeper.Checked", "BookKeeper.cs");

        bank.Time.Advance(TimeSpan.FromMilliseconds(100)); // release a burst of requests: the switch lands in its middle
        var update = await Drive.CompleteAsync(bank.Node, bank.Time,
            bank.Node.UpdateProceduresAsync("bookkeeper", new ProcedureUpdateOptions { Procedures = ["AdjustBalance"], Source = source }),
            TimeSpan.FromMilliseconds(100));
        var switchedAt = bank.Answered;
        await bank.RunAsync(300);
        await bank.FinishAsync();

        Assert.True(update.Switched);
        Assert.Equal(["AdjustBalance(int, int)"], update.Steps.Single().Procedures);
        // The same instance of the same version of the module: nothing replaced it, nothing moved its stack.
        Assert.Equal("Banking.csproj", bank.Node.Status["bookkeeper"].Spec.Source.Path);
        Assert.Equal(update.Version, bank.Node.Status["bookkeeper"].Procedures["AdjustBalance(int, int)"]);
        var refused = bank.VerifyBooks();
        // Figure 1-4's AdjustBalance refuses overdrafts; the first one applied them all.
        Assert.All(refused, index => Assert.True(index >= before, $"request {index + 1} was refused before the update"));
        Assert.Contains(refused, index => index >= switchedAt);
    }
}
