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

    private const string Counter = """
        namespace Demo;
        public sealed class Counter : Midflight.Module
        {
            protected override void Run()
            {
                var total = 0;
                var scratch = 0;
                for (var i = 0; i < 3; i++)
                {
                    scratch = i * 2;
                R:
                    total += i + scratch;
                }
                Print(total.ToString());
            }
        }
        """;

    [Fact]
    public void A_point_that_lists_its_variables_captures_those_and_no_others()
    {
        var compilation = ModuleSources.Compile(("Counter.cs", Counter));
        var spec = ModuleSources.Spec("Demo.Counter", "R(total, i)");

        var result = ModulePreparer.Prepare(compilation, [spec], "demo.mil");

        Assert.Empty(result.Diagnostics);
        // The analysis would also save scratch, which is read after R; the list says the state is total and i.
        Assert.Contains("__mf_capture1(__mf, total, i);", result.Files[0].Text, StringComparison.Ordinal);
        Assert.Contains("""__mf.Capture("Run()", 1).Add("total", __mf_v0).Add("i", __mf_v1);""", result.Files[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_that_lists_a_variable_not_in_scope_is_an_error()
    {
        var compilation = ModuleSources.Compile(("Counter.cs", Counter));
        var spec = ModuleSources.Spec("Demo.Counter", "R(totl)");

        var diagnostic = Assert.Single(ModulePreparer.Prepare(compilation, [spec], "demo.mil").Diagnostics);

        Assert.Equal(Model.Diagnostics.DiagnosticCodes.ListedVariableNotInScope, diagnostic.Code);
        Assert.Equal(11, diagnostic.Location.Line);
        Assert.Contains("lists 'totl', which is no local variable or parameter in scope", diagnostic.Message, StringComparison.Ordinal);
    }
}
