using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>
/// An update rehearsed on the live state: BookKeeper.Dictionary's mapper takes the running Banking's
/// accounts; a mapper that throws on one account reports that account; and the live application never
/// notices either: the bank's books are right and bookkeeper runs its own version.
/// </summary>
public sealed class RehearsalTests
{
    [Fact]
    public async Task The_dictionary_mapper_rehearsed_on_the_live_bank_takes_its_accounts_and_the_bank_never_notices()
    {
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);

        var rehearsal = await Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RehearseAsync("bookkeeper", BankingRun.Version("BookKeeper.Dictionary.csproj")), BankingRun.Pace);

        Assert.True(rehearsal.Succeeded, rehearsal.Failure);
        Assert.Equal(["FromArray"], rehearsal.Mappers.ToArray());
        Assert.True(rehearsal.Frames >= 1);
        await bank.RunAsync(100);
        await bank.FinishAsync();
        Assert.Equal("Banking.csproj#Midflight.Examples.Banking.BookKeeper", bank.Node.Status["bookkeeper"].Spec.Source.ToString());
        bank.VerifyBooks();
    }

    [Fact]
    public async Task A_mapper_that_throws_on_one_account_is_reported_with_that_account_and_the_bank_never_notices()
    {
        var throwing = ModuleVersions.Build("ThrowsOnOne", """
            module bookkeeper {
              source = "versions/ThrowsOnOne.dll#Midflight.Examples.Banking.BookKeeper" ::
              server interface ledger pattern = {string, integer, integer, string} returns {integer, string} ::
              reconfiguration point = {R} :: }
            module update { instance bookkeeper }
            """,
            ("BookKeeper.cs", BankingRun.Source("updates/BookKeeper.Dictionary.cs").Replace(
                "            if (data[i] is { } old)\n            {",
                "            if (data[i] is { } old)\n            {\n                if (i + Requests.MinAccountNo == Requests.MinAccountNo + 1)\n                {\n                    throw new InvalidOperationException($\"account {i + Requests.MinAccountNo} ({old.Name}) has no branch\");\n                }",
                StringComparison.Ordinal)),
            ("Requests.cs", BankingRun.Source("Requests.cs")), ("NameStorage.cs", BankingRun.Source("NameStorage.cs")));
        await using var bank = await BankingRun.StartAsync();
        await bank.RunAsync(100);

        var rehearsal = await Drive.CompleteAsync(bank.Node, bank.Time, bank.Node.RehearseAsync("bookkeeper", throwing), BankingRun.Pace);

        Assert.False(rehearsal.Succeeded);
        Assert.Contains("state mapper 'FromArray' for field 'data' threw: account ", rehearsal.Failure, StringComparison.Ordinal);
        Assert.Matches(@"account \d+ \(.+\) has no branch", rehearsal.Failure);
        await bank.RunAsync(100);
        await bank.FinishAsync();
        Assert.Equal("Banking.csproj#Midflight.Examples.Banking.BookKeeper", bank.Node.Status["bookkeeper"].Spec.Source.ToString());
        bank.VerifyBooks();
    }
}
