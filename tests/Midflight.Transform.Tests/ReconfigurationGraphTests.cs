using Midflight.Model;
using Midflight.Model.Diagnostics;
using Midflight.Transform.Analysis;

namespace Midflight.Transform.Tests;

public sealed class ReconfigurationGraphTests
{
    private static string Approved(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Approved", name)).ReplaceLineEndings("\n");

    [Fact]
    public void The_monitor_s_compute_numbers_its_capture_sites_as_figure_4_does()
    {
        var compilation = ModuleSources.Compile(("Compute.cs", ModuleSources.Monitor("Compute.cs")));
        var spec = ConfigurationParser.Parse(ModuleSources.Monitor("monitor.mil")).Configuration!.FindModule("compute")!;

        var (graph, diagnostics) = ModuleAnalysis.Analyze(compilation, spec, "monitor.mil");

        Assert.Empty(diagnostics);
        // L1 and L2: Run's two calls of the recursive procedure; L3: its call of itself; 4: the point R.
        Assert.Equal(Approved("Compute.graph.txt"), graph!.ToString());
        Assert.Equal([typeof(CallEdge), typeof(CallEdge), typeof(CallEdge), typeof(PointEdge)], graph.Edges.Select(e => e.GetType()));
    }

    private const string Figure6 = """
        using System;
        namespace Demo;
        public sealed class Figure6 : Midflight.Module
        {
            protected override void Run()
            {
                A(1);
                Helper();
                A(2);
            }

            private void A(int n)
            {
                B(n);
            R1:
                Console.WriteLine(n);
            }

            private void B(int n)
            {
                if (n > 0)
                {
                    A(n - 1);
                }
            R2:
                Local();

                void Local()
                {
                    C<int>(n);
                }
            }

            private static void C<T>(T value)
            {
            R3:
                Console.WriteLine(value);
            }

            private static void Helper() => Console.WriteLine("not on the graph");

            private void Unused()
            {
            R4:
                Console.WriteLine();
            }
        }
        """;

    [Fact]
    public void Only_methods_on_a_path_from_the_entry_to_a_point_are_on_the_graph_and_every_call_among_them_is_an_edge()
    {
        var compilation = ModuleSources.Compile(("Figure6.cs", Figure6));

        var (graph, diagnostics) = ModuleAnalysis.Analyze(compilation, ModuleSources.Spec("Demo.Figure6", "R1", "R2", "R3"), "demo.mil");

        Assert.Empty(diagnostics);
        Assert.Equal(["Run", "A", "B", "Local", "C"], graph!.Methods.Select(m => m.Name));
        Assert.Equal(
            [
                "1: Run -> A, line 7",
                "2: Run -> A, line 9",
                "3: A -> B, line 14",
                "4: A -> reconfig at R1, line 15",
                "5: B -> A, line 23",
                "6: B -> reconfig at R2, line 25",
                "7: B -> Local, line 26",
                "8: Local -> C, line 30",
                "9: C -> reconfig at R3, line 36",
            ],
            graph.Edges.Select(e => e.ToString()));
    }

    [Fact]
    public void A_point_in_a_method_the_entry_never_calls_is_an_error_at_the_label()
    {
        var compilation = ModuleSources.Compile(("Figure6.cs", Figure6));

        var (graph, diagnostics) = ModuleAnalysis.Analyze(compilation, ModuleSources.Spec("Demo.Figure6", "R1", "R4"), "demo.mil");

        Assert.Null(graph);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.PointNeverOnStack, diagnostic.Code);
        Assert.Equal(new SourceLocation("Figure6.cs", 44, 5), diagnostic.Location);
        Assert.Contains("'R4' is in 'Unused', which 'Run' never calls", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_the_source_does_not_label_is_an_error()
    {
        var compilation = ModuleSources.Compile(("Figure6.cs", Figure6));

        var (_, diagnostics) = ModuleAnalysis.Analyze(compilation, ModuleSources.Spec("Demo.Figure6", "r1"), "demo.mil");

        Assert.Equal(DiagnosticCodes.PointNotFound, Assert.Single(diagnostics).Code);
        Assert.Contains("reconfiguration point 'r1' of module 'm' labels no statement in class 'Figure6'", diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_that_is_not_there_or_has_no_run_method_is_an_error()
    {
        var compilation = ModuleSources.Compile(("Plain.cs", "namespace Demo; public sealed class Plain { void Run() { R: return; } }"));

        Assert.Equal(DiagnosticCodes.ModuleClassNotFound, Assert.Single(ModuleAnalysis.Analyze(compilation, ModuleSources.Spec("Demo.Missing", "R"), "demo.mil").Diagnostics).Code);
        Assert.Equal(DiagnosticCodes.NoEntry, Assert.Single(ModuleAnalysis.Analyze(compilation, ModuleSources.Spec("Demo.Plain", "R"), "demo.mil").Diagnostics).Code);
    }
}
