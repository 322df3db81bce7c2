using Midflight.Testing;
using CsCheck;
using Midflight.Model.Diagnostics;

namespace Midflight.Model.Tests;

/// <summary>
/// Properties of the parser over large input spaces. Seeds are fixed so CI is repeatable; set
/// MIDFLIGHT_RANDOM_SEEDS=1 to explore with fresh seeds (a failure prints the seed to pin).
/// </summary>
public sealed class ParserPropertyTests
{
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
        ConfigurationGenerators.RandomText.SamplePinned(AssertModelOrErrors, seed: "0N0XIzNsQ0O2", iter: 3000);

    [Fact]
    public void Random_tokens_give_a_model_or_errors_and_never_an_exception() =>
        ConfigurationGenerators.TokenSoup.SamplePinned(AssertModelOrErrors, seed: "0N0XIzNsQ0O2", iter: 3000);

    [Fact]
    public void Mutations_of_figure_2_give_a_model_or_errors_and_never_an_exception()
    {
        var mutations = Gen.Select(Gen.Int[0, Monitor.Length - 1], Gen.Int[0, 8], Gen.OneOf("", "{", "}", "::", "\"", "~", "bind", "x", "/*", "\n"))
            .Array[1, 4];
        mutations.SamplePinned(edits =>
        {
            var text = Monitor;
            foreach ((int at, int length, string insert) in edits)
            {
                var start = Math.Min(at, text.Length);
                text = text.Remove(start, Math.Min(length, text.Length - start)).Insert(start, insert);
            }
            AssertModelOrErrors(text);
        }, seed: "0N0XIzNsQ0O2", iter: 3000);
    }

    [Fact]
    public void Printing_then_parsing_any_valid_configuration_gives_it_back() =>
        ConfigurationGenerators.Configurations.SamplePinned(configuration =>
        {
            var printed = ConfigurationPrinter.Print(configuration);
            var result = ConfigurationParser.Parse(printed, "printed.mil");
            Assert.True(result.Succeeded, printed + "\n" + string.Join("\n", result.Diagnostics));
            Assert.Equal(configuration, result.Configuration);
        }, seed: "0N0XIzNsQ0O2", iter: 1000);

    /// <summary>
    /// A valid configuration with every source made malformed and a binding to an interface that no
    /// module has: each of those is reported, once, in one run — and nothing else, for every other
    /// binding still holds.
    /// </summary>
    [Fact]
    public void Every_independent_error_is_reported_once_and_nothing_else() =>
        ConfigurationGenerators.Configurations.SamplePinned(configuration =>
        {
            var instance = configuration.Application.Instances[0].Name;
            var broken = configuration with
            {
                Modules = configuration.Modules.Select(m => m with { Source = m.Source with { Path = "no-extension" } }).ToEquatableArray(),
                Application = configuration.Application with
                {
                    Bindings = configuration.Application.Bindings
                        .Append(new BindingSpec(new Endpoint(instance, "missing_out"), new Endpoint(instance, "missing_in")))
                        .ToEquatableArray(),
                },
            };
            var printed = ConfigurationPrinter.Print(broken);

            var result = ConfigurationParser.Parse(printed, "broken.mil");

            var expected = Enumerable.Repeat(DiagnosticCodes.MalformedSource, configuration.Modules.Count)
                .Concat([DiagnosticCodes.UnknownInterface, DiagnosticCodes.UnknownInterface]);
            Assert.True(expected.SequenceEqual(result.Diagnostics.Select(d => d.Code)), printed + "\n" + string.Join("\n", result.Diagnostics));
        }, seed: "0N0XIzNsQ0O2", iter: 1000);
}
