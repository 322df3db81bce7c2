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

    private const string Recursive = """
        namespace Demo;
        public sealed class Recursive : Midflight.Module
        {
            public string? Result;

            protected override void Run() => Result = Describe(Fib(20));

            private long Fib(int n)
            {
                if (n < 2)
                {
                    return n;
                }
                var a = Fib(n - 1);
                var b = Fib(n - 2);
            R:
                return a + b;
            }

            private static string? Describe(long value) => value.ToString();
        }
        """;

    [Fact]
    public void A_method_on_the_graph_runs_code_with_nothing_of_resuming_in_it_and_resumes_through_a_copy()
    {
        var compilation = ModuleSources.Compile(("Recursive.cs", Recursive));

        var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Recursive", "R")], "demo.mil");

        Assert.Empty(result.Diagnostics);
        var text = result.Files[0].Text;
        var running = Between(text, "private long Fib(", "private static string? Describe(");
        var resuming = text[text.IndexOf("private long __mf_resume_Fib(", StringComparison.Ordinal)..];
        // The code Fib runs: its calls and the capture tests after them, nothing else of participation.
        foreach (var resumeOnly in new[] { "IsRestoring", "__mf_site", "__mf_frame", "__mf_d", "__mf_r" })
        {
            Assert.DoesNotContain(resumeOnly, running, StringComparison.Ordinal);
        }
        Assert.Contains("a = Fib(__mf, (n - 1));", running, StringComparison.Ordinal);
        // Each capture is one call out of line that returns what Fib returns.
        Assert.Contains("return __mf_capture4(__mf, a, b);", running, StringComparison.Ordinal);
        Assert.Contains("private static long __mf_capture4<__mf_T0, __mf_T1>(", text, StringComparison.Ordinal);
        // The copy restores, and resumes the frame below through the callee's own copy.
        Assert.Contains("if (__mf.IsRestoring)", resuming, StringComparison.Ordinal);
        Assert.Contains("__mf_d2 ? __mf_resume_Fib(__mf,", resuming, StringComparison.Ordinal);
        var problems = ModulePreparer.Apply(compilation, result).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Between(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        return text[start..text.IndexOf(to, start, StringComparison.Ordinal)];
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
