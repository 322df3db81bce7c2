using Microsoft.CodeAnalysis;
using Midflight.Model;
using Midflight.Transform.Preparation;

namespace Midflight.Transform.Tests;

public sealed class PreparationTests
{
    private static string Approved(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Approved", name)).ReplaceLineEndings("\n");

    [Fact]
    public void The_monitor_s_compute_is_prepared_as_approved_and_compiles()
    {
        var compilation = ModuleSources.Compile(("Compute.cs", ModuleSources.Monitor("Compute.cs")));
        var spec = ConfigurationParser.Parse(ModuleSources.Monitor("monitor.mil")).Configuration!.FindModule("compute")!;

        var result = ModulePreparer.Prepare(compilation, [spec], "monitor.mil");

        Assert.Empty(result.Diagnostics);
        // Figure 4 in C#: capture blocks after sites 1-3 and before the point R (4), restore at entry.
        Assert.Equal(Approved("Compute.prepared.txt"), result.Files[0].Text);
        var errors = ModulePreparer.Apply(compilation, result).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
