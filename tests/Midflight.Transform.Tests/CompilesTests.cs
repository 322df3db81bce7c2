using Microsoft.CodeAnalysis;
using Midflight.Transform.Preparation;

namespace Midflight.Transform.Tests;

/// <summary>
/// Shapes of code that real modules have, which the build once prepared into C# that did not compile
/// or refused outright: each is prepared now, and what the build writes compiles.
/// </summary>
public sealed class CompilesTests
{
    private static void AssertPreparedAndCompiles(params (string Path, string Text)[] files)
    {
        var compilation = ModuleSources.Compile(files);

        var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Worker", "R")], "demo.mil");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var errors = ModulePreparer.Apply(compilation, result).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + string.Join("\n", result.Files.Select(f => f.Text)));
    }

    [Theory]
    [InlineData(NullableContextOptions.Disable)]
    [InlineData(NullableContextOptions.Enable)]
    public void Prepared_code_adds_no_warning_whatever_the_project_s_nullable_context(NullableContextOptions nullable)
    {
        // A project made before nullable reference types, or with them off: the generated code must not
        // bring annotations the compiler warns about there (CS8632), as a plain `dotnet build` would show.
        var compilation = ModuleSources.CompileWithErrors(nullable, Worker("""
            foreach (var item in new List<int> { 1, 2 }) { Print(item.ToString()); Step(); }
            foreach (var pair in new Dictionary<int, string> { [1] = "one" }) { Print(pair.Value); Step(); }
            var total = 0;
            total += Step();
            """));
        var before = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.Id).ToHashSet();

        var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Worker", "R")], "demo.mil");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var added = ModulePreparer.Apply(compilation, result).GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !before.Contains(d.Id)).ToList();
        Assert.True(added.Count == 0, string.Join("\n", added));
    }

    /// <summary>A worker whose Run is <paramref name="run"/>, with Step() holding the point and the given members.</summary>
    private static (string, string) Worker(string run, string members = "") => ("Worker.cs", $$"""
        namespace Demo;
        public sealed class Worker : Midflight.Module
        {
            protected override void Run()
            {
                {{run}}
            }

            private int Step()
            {
            R:
                Print("step");
                return 1;
            }

            private bool TryPlace(int row) => row < 3;

            private static IEnumerable<int> Walk() { yield return 1; yield return 2; }
        {{members}}
        }
        """);

    [Fact]
    public void A_partial_module_class_over_two_files_gets_one_marker()
    {
        AssertPreparedAndCompiles(
            ("Worker.Run.cs", """
                namespace Demo;
                public sealed partial class Worker : Midflight.Module
                {
                    protected override void Run() => Print(Step().ToString());
                }
                """),
            ("Worker.Step.cs", """
                namespace Demo;
                public sealed partial class Worker
                {
                    private int Step()
                    {
                    R:
                        Print("step");
                        return 1;
                    }
                }
                """));
    }

    [Fact]
    public void A_local_a_capture_saves_before_it_is_first_written_compiles() =>
        AssertPreparedAndCompiles(Worker("""
            var stack = new Stack<int>([1, 2]);
            for (var i = 0; i < 3; i++)
            {
                Step();
                if (stack.TryPeek(out var top))
                {
                    Print(top.ToString());
                }
                int later;
                if (i > 1) { later = 2; } else { later = 3; }
                Print(later.ToString());
            }
            """));

    [Fact]
    public void A_method_whose_only_exits_are_returns_in_a_while_true_compiles() =>
        AssertPreparedAndCompiles(Worker("Print(Loop().ToString());", """
            private int Loop()
            {
                var k = 0;
                while (true)
                {
                    k += Step();
                    if (k > 2)
                    {
                        return k;
                    }
                }
            }
            """));

    [Fact]
    public void Temporaries_are_named_within_their_method_so_a_change_elsewhere_keeps_the_frames_an_update_checks()
    {
        static string RunSites(string other)
        {
            var compilation = ModuleSources.Compile(("Worker.cs", $$"""
                namespace Demo;
                public sealed class Worker : Midflight.Module
                {
                    private int Count => 2;

                    private int Other() { {{other}} return 0; }

                    protected override void Run()
                    {
                        var n = Other();
                        while (n < 3) { n += Count * Step(); }
                    }

                    private int Step()
                    {
                    R:
                        Print("step");
                        return 1;
                    }
                }
                """));
            var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Worker", "R")], "demo.mil");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            return string.Join("\n", result.Files[0].Text.Split('"').Where(part => part.StartsWith("Run()#", StringComparison.Ordinal)).Select(site => site[site.IndexOf(' ', StringComparison.Ordinal)..]));
        }

        var before = RunSites("Step();");
        var after = RunSites("Step(); Print($\"{Step() + Step()}\");");

        Assert.Contains("__mf_ts1", before, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("while (Step() < 3) { Print(\"again\"); }")]
    [InlineData("if (TryPlace(Step())) { Print(\"placed\"); }")]
    [InlineData("var kind = Step() switch { 0 => Step(), 1 => 2 * Step(), _ => 3 };")]
    [InlineData("var c = Environment.ProcessorCount > 0; var x = c ? Step() : Step() + 1;")]
    [InlineData("L: var p = Step(); Print(p.ToString());")]
    [InlineData("foreach (var w in Walk()) { Step(); Print(w.ToString()); }")]
    [InlineData("foreach (var (k, v) in new Dictionary<int, string> { [1] = \"a\" }) { Step(); Print(v + k); }")]
    [InlineData("var (a, b) = (Step(), 2); Print((a + b).ToString());")]
    [InlineData("Print($\"{Step()} and {Step() + 1}\");")]
    [InlineData("int? cached = null; if (cached is not int hit) { hit = Step(); } Print(hit.ToString());")]
    public void A_call_on_the_path_where_authors_put_it_is_prepared(string run) => AssertPreparedAndCompiles(Worker(run));
}
