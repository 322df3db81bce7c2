using Microsoft.CodeAnalysis;
using Midflight.Model;
using Midflight.Transform.Preparation;

namespace Midflight.Transform.Tests;

public sealed class PreparationTests
{
    /// <summary>Compares with the approved text; on a difference, writes what was received beside it for review.</summary>
    private static void AssertApproved(string name, string received)
    {
        var approved = Path.Combine(AppContext.BaseDirectory, "Approved", name);
        if (File.ReadAllText(approved).ReplaceLineEndings("\n") != received)
        {
            File.WriteAllText(Path.ChangeExtension(approved, ".received.txt"), received);
        }
        Assert.Equal(File.ReadAllText(approved).ReplaceLineEndings("\n"), received);
    }

    [Fact]
    public void The_monitor_s_compute_is_prepared_as_approved_and_compiles()
    {
        var compilation = ModuleSources.Compile(("Compute.cs", ModuleSources.Monitor("Compute.cs")));
        var spec = ConfigurationParser.Parse(ModuleSources.Monitor("monitor.mil")).Configuration!.FindModule("compute")!;

        var result = ModulePreparer.Prepare(compilation, [spec], "monitor.mil");

        Assert.Empty(result.Diagnostics);
        // Figure 4 in C#: capture blocks after sites 1-3 and before the point R (4), restore at entry.
        AssertApproved("Compute.prepared.txt", result.Files[0].Text);
        var errors = ModulePreparer.Apply(compilation, result).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
