using CsCheck;

namespace Midflight.Model.Tests;

/// <summary>
/// Properties of the parser over large input spaces. Seeds are fixed so CI is repeatable; set
/// MIDFLIGHT_RANDOM_SEEDS=1 to explore with fresh seeds (a failure prints the seed to pin).
/// </summary>
public sealed class ParserPropertyTests
{
    private static string? Seed(string pinned) =>
        Environment.GetEnvironmentVariable("MIDFLIGHT_RANDOM_SEEDS") == "1" ? null : pinned;

    private static readonly string Monitor =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "monitor.mil"));

    private static void AssertModelOrErrors(string text)
    {
        var result = ConfigurationParser.Parse(text, "fuzz.mil");
        if (result.Configuration is null)
        {
            Assert.Contains(result.Diagnostics, d => d.IsError);
            Assert.All(result.Diagnostics, d => Assert.Matches(@"^fuzz\.mil:\d+:\d+: error MF\d{4}: \S", d.ToString()));
        }
        else
        {
            Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        }
    }

    [Fact]
    public void Random_characters_give_a_model_or_errors_and_never_an_exception() =>
        ConfigurationGenerators.RandomText.Sample(AssertModelOrErrors, seed: Seed("0N0XIzNsQ0O2"), iter: 3000, threads: 1);

    [Fact]
    public void Random_tokens_give_a_model_or_errors_and_never_an_exception() =>
        ConfigurationGenerators.TokenSoup.Sample(AssertModelOrErrors, seed: Seed("0N0XIzNsQ0O2"), iter: 3000, threads: 1);

    [Fact]
    public void Mutations_of_figure_2_give_a_model_or_errors_and_never_an_exception()
    {
        var mutations = Gen.Select(Gen.Int[0, Monitor.Length - 1], Gen.Int[0, 8], Gen.OneOf("", "{", "}", "::", "\"", "~", "bind", "x", "/*", "\n"))
            .Array[1, 4];
        mutations.Sample(edits =>
        {
            var text = Monitor;
            foreach ((int at, int length, string insert) in edits)
            {
                var start = Math.Min(at, text.Length);
                text = text.Remove(start, Math.Min(length, text.Length - start)).Insert(start, insert);
            }
            AssertModelOrErrors(text);
        }, seed: Seed("0N0XIzNsQ0O2"), iter: 3000, threads: 1);
    }

    [Fact]
    public void Printing_then_parsing_any_valid_configuration_gives_it_back() =>
        ConfigurationGenerators.Configurations.Sample(configuration =>
        {
            var printed = ConfigurationPrinter.Print(configuration);
            var result = ConfigurationParser.Parse(printed, "printed.mil");
            Assert.True(result.Succeeded, printed + "\n" + string.Join("\n", result.Diagnostics));
            Assert.Equal(configuration, result.Configuration);
        }, seed: Seed("0N0XIzNsQ0O2"), iter: 1000, threads: 1);
}
