using Midflight.Model.Diagnostics;
using Midflight.Transform.Analysis;

namespace Midflight.Transform.Tests;

/// <summary>Each kind of value a snapshot cannot carry is refused where the variable is declared.</summary>
public sealed class CaptureCheckTests
{
    private static IReadOnlyList<Diagnostic> Check(string declaration, string use)
    {
        var compilation = ModuleSources.Compile(("Demo.cs", $$"""
            namespace Demo;
            public sealed unsafe class Holder : Midflight.Module
            {
                protected override void Run()
                {
                    {{declaration}}
                    Step();
                    {{use}}
                }

                private void Step()
                {
                R:
                    Delay(System.TimeSpan.FromSeconds(1));
                }
            }
            """));
        var (graph, diagnostics) = ModuleAnalysis.Analyze(compilation, ModuleSources.Spec("Demo.Holder", "R"), "demo.mil");
        Assert.Empty(diagnostics);
        return CaptureCheck.Check(compilation, graph!);
    }

    [Theory]
    [InlineData("System.Span<int> buffer = stackalloc int[4];", "buffer[0] = 1;", "buffer", "Span<int>", "copy it to an array")]
    [InlineData("int* cursor = null;", "cursor++;", "cursor", "int*", "use an index into an array")]
    [InlineData("var worker = new System.Threading.Thread(() => { });", "worker.Start();", "worker", "Thread", "leave threads to the node")]
    public void A_live_variable_of_a_kind_a_snapshot_cannot_carry_is_an_error_on_its_declaration(string declaration, string use, string name, string type, string advice)
    {
        var diagnostic = Assert.Single(Check(declaration, use));

        Assert.Equal(DiagnosticCodes.VariableCannotBeCaptured, diagnostic.Code);
        Assert.Equal(6, diagnostic.Location.Line);
        Assert.Contains($"'{name}' ({type}) is live at capture site 1 (line 7) and cannot be captured: ", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(advice, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_kinds_are_fine_when_they_are_dead_at_every_capture_site() =>
        Assert.Empty(Check("System.Span<int> buffer = stackalloc int[4]; buffer[0] = 1;", ""));

    [Fact]
    public void The_monitor_s_compute_has_nothing_to_refuse()
    {
        var compilation = ModuleSources.Compile(("Compute.cs", ModuleSources.Monitor("Compute.cs")));
        var (graph, _) = ModuleAnalysis.Analyze(compilation, ModuleSources.Spec("Midflight.Examples.Monitor.Compute", "R"), "monitor.mil");

        Assert.Empty(CaptureCheck.Check(compilation, graph!));
    }
}
