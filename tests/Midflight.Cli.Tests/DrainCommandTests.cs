using System.Globalization;
using System.Text.RegularExpressions;

namespace Midflight.Cli.Tests;

/// <summary>
/// The Quotes example driven as a user drives it: <c>midflight run</c>, then <c>midflight update
/// pricer --with … --drain</c> while two shops ask for quotes, two at a time. The old pricer answers
/// the quote it was working on, the new one the rest, and each shop gets its quotes in order.
/// </summary>
public sealed partial class DrainCommandTests : IDisposable
{
    private static readonly string Quotes = Path.Combine(AppContext.BaseDirectory, "Quotes.dll");
    private static readonly string Discount = Path.Combine(AppContext.BaseDirectory, "Pricer.Discount.dll");
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-drain-").FullName;

    public DrainCommandTests()
    {
        // The example's configuration, its sources the assemblies its build prepared.
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "Quotes", "quotes.mil"))
            .Replace("Quotes.csproj", Quotes, StringComparison.Ordinal);
        File.WriteAllText(Configuration, text);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Configuration => Path.Combine(_folder, "quotes.mil");

    [GeneratedRegex(@"^(north|south): item (\d+): (\d+) cents \((list price|10% off)\)$")]
    private static partial Regex Quote();

    [Fact]
    public async Task An_update_with_drain_serves_on_the_new_version_while_the_old_answers_what_it_took_and_each_shop_gets_its_quotes_in_order()
    {
        using var node = await MidflightProcess.StartAsync("run", Configuration);
        await node.PrintedAsync(line => line.StartsWith("north: item 3:", StringComparison.Ordinal));

        var update = new CliRun();
        var exit = await update.InvokeAsync("update", Configuration, "pricer", "--with", Discount, "--drain");

        Assert.True(exit == 0, update.Output + update.Errors);
        Assert.Matches(@"^updated in [\d.]+ ms, paused [\d.]+ ms; pricer's old version drains [01] requests? in progress beside the new one", update.Output);
        await node.PrintedAsync(line => line.EndsWith("Module pricer's old version has drained, and is deleted", StringComparison.Ordinal));
        foreach (var shop in new[] { "north", "south" })
        {
            await node.PrintedAsync(line => line.StartsWith($"{shop}: ", StringComparison.Ordinal) && line.EndsWith("(10% off)", StringComparison.Ordinal));
        }

        var refused = new CliRun();
        Assert.Equal(3, await refused.InvokeAsync("update", Configuration, "north", "--with", Quotes, "--drain"));
        Assert.Contains("error: the node refused: 'north' cannot be drained: its version keeps state in field '_next' (System.Int64)", refused.Errors, StringComparison.Ordinal);

        Assert.DoesNotContain(node.Lines, line => line.Contains("out of order", StringComparison.Ordinal));
        foreach (var shop in new[] { "north", "south" })
        {
            var quotes = node.Lines.Select(l => Quote().Match(l)).Where(m => m.Success && m.Groups[1].Value == shop)
                .Select(m => (Item: long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Cents: long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), Version: m.Groups[4].Value))
                .ToList();
            // Every quote once, in the order asked, at the price of the version that made it.
            Assert.Equal(Enumerable.Range(1, quotes.Count).Select(i => (long)i), quotes.Select(q => q.Item));
            Assert.All(quotes, q => Assert.Equal(q.Version == "list price" ? 100 + q.Item : (100 + q.Item) * 9 / 10, q.Cents));
            Assert.All(quotes.SkipWhile(q => q.Version == "list price"), q => Assert.Equal("10% off", q.Version));
        }
    }
}
