using System.Reflection;
using System.Text.RegularExpressions;
using Midflight.Model.Diagnostics;

namespace Midflight.Model.Tests;

/// <summary>The user documentation says what the code does: every code explained, every example valid.</summary>
public sealed partial class DocumentationTests
{
    private static string Doc(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", name));

    private static string[] AllCodes => [.. typeof(DiagnosticCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetRawConstantValue()!)];

    public static TheoryData<string> Codes => [.. AllCodes];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_diagnostic_code_has_a_section_in_errors_md(string code) =>
        Assert.Contains($"\n## {code}\n", Doc("errors.md"), StringComparison.Ordinal);

    [Fact]
    public void Diagnostic_codes_are_unique() =>
        Assert.Equal(AllCodes.Length, AllCodes.Distinct().Count());

    [Fact]
    public void Every_configuration_example_in_configuration_md_parses_without_errors()
    {
        var examples = MilBlock().Matches(Doc("configuration.md")).Select(m => m.Groups["text"].Value).ToList();

        Assert.True(examples.Count >= 2, "configuration.md has no ```mil examples");
        Assert.All(examples, example => Assert.Empty(ConfigurationParser.Parse(example, "configuration.md").Diagnostics));
    }

    [GeneratedRegex("```mil\\n(?<text>.*?)```", RegexOptions.Singleline)]
    private static partial Regex MilBlock();
}
