using Midflight.Model.Diagnostics;
using Midflight.Transform.Preparation;

namespace Midflight.Transform.Tests;

/// <summary>
/// Every construct the transformation cannot resume, on a reconfiguration path, is a build error with
/// its code on its line, saying what to write instead — never prepared code that would be wrong.
/// </summary>
public sealed class RefusalTests
{
    /// <summary>Prepares a module whose <c>Run</c> body is <paramref name="run"/>; Step() holds the point R. Line 6 is the body's first line.</summary>
    private static IReadOnlyList<Diagnostic> Prepare(string run, string members = "")
    {
        var compilation = ModuleSources.Compile(("Demo.cs", $$"""
            namespace Demo;
            public class Holder : Midflight.Module
            {
                protected override void Run()
                {
                    {{run}}
                }

                private int Step()
                {
                R:
                    Delay(System.TimeSpan.FromSeconds(1));
                    return 1;
                }
            {{members}}
            }
            """));
        return ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Holder", "R")], "demo.mil").Diagnostics;
    }

    private static void AssertRefused(IReadOnlyList<Diagnostic> diagnostics, string code, int line, string advice)
    {
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal("Demo.cs", diagnostic.Location.File);
        Assert.Equal(line, diagnostic.Location.Line);
        Assert.Contains(advice, diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("if (Step() > 0) { Print(\"x\"); }")]
    [InlineData("Print(Step().ToString());")]
    [InlineData("var x = Step() + 1; Print(x.ToString());")]
    [InlineData("while (Step() > 0) { }")]
    [InlineData("var a = new int[2]; a[Step()] = 1;")]
    public void A_call_on_the_path_inside_an_expression_is_refused(string run) =>
        AssertRefused(Prepare(run), DiagnosticCodes.CallSiteShape, 6, "assign its result to a local first");

    [Fact]
    public void A_compound_assignment_to_a_field_is_refused_because_the_field_is_read_before_the_call() =>
        AssertRefused(Prepare("_total += Step();", "private int _total;"), DiagnosticCodes.CallSiteShape, 6, "assign the result to a local first");

    [Fact]
    public void A_call_on_the_path_in_a_catch_body_is_refused() =>
        AssertRefused(Prepare("try { Print(\"a\"); } catch (System.InvalidOperationException) { Step(); }"), DiagnosticCodes.StatementNotSupported, 6, "call the method after the 'try' instead");

    [Fact]
    public void A_call_on_the_path_in_a_finally_body_is_refused() =>
        AssertRefused(Prepare("try { Print(\"a\"); } finally { Step(); }"), DiagnosticCodes.StatementNotSupported, 6, "call the method after the 'try' instead");

    [Fact]
    public void A_using_declaration_in_a_block_of_the_path_is_refused() =>
        AssertRefused(Prepare("using var reader = new System.IO.StringReader(\"\"); Step(); Print(reader.ReadToEnd());"),
            DiagnosticCodes.StatementNotSupported, 6, "write a 'using (…) { … }' block");

    [Fact]
    public void A_fixed_statement_holding_a_call_on_the_path_is_refused() =>
        AssertRefused(Prepare("unsafe { var a = new int[1]; fixed (int* p = a) { Step(); } }"), DiagnosticCodes.StatementNotSupported, 6, "move the call or point out of it");

    [Theory]
    [InlineData("foreach (var item in System.Linq.Enumerable.Range(0, 3)) { Step(); }", "IEnumerable<int>")]
    [InlineData("foreach (var pair in new System.Collections.Generic.Dictionary<int, int>()) { Step(); }", "Dictionary<int, int>")]
    public void Foreach_over_anything_but_an_array_or_a_list_on_the_path_is_refused(string run, string type) =>
        AssertRefused(Prepare(run), DiagnosticCodes.CollectionNotSupported, 6, $"'foreach' over a 'System.Collections.Generic.{type}'");

    [Fact]
    public void A_pattern_variable_still_needed_at_a_site_is_refused() =>
        AssertRefused(Prepare("object o = 3; if (o is not int n) { return; } Step(); Print(n.ToString());"), DiagnosticCodes.VariableNotRestorable, 6, "declare it in a statement of its own");

    [Fact]
    public void An_out_variable_still_needed_at_a_site_is_declared_at_the_top_of_its_block_instead() =>
        Assert.Empty(Prepare("int.TryParse(\"4\", out var n); Step(); Print(n.ToString());"));

    [Theory]
    [InlineData("protected virtual int Level() { return Step(); }", "virtual or abstract")]
    [InlineData("private System.Collections.Generic.IEnumerable<int> Level() { Step(); yield return 1; }", "iterator")]
    [InlineData("private async void Level() { await System.Threading.Tasks.Task.Yield(); Step(); }", "'async void'")]
    public void A_method_on_the_path_that_cannot_be_resumed_is_refused(string member, string why)
    {
        var diagnostics = Prepare("Level();", member);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MethodNotSupported, diagnostic.Code);
        Assert.Equal(15, diagnostic.Location.Line);
        Assert.Contains(why, diagnostic.Message, StringComparison.Ordinal);
    }
}
