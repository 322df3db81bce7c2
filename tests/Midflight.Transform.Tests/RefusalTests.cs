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
    [InlineData("int? cached = null; Print((cached ?? Step()).ToString());")]
    [InlineData("var list = new System.Collections.Generic.List<int> { Step() };")]
    [InlineData("for (var i = 0; i < 3; i += Step()) { }")]
    [InlineData("string? name = null; name ??= \"n\" + Step();")]
    [InlineData("Keep(out _kept, Step());", "private int _kept; private static void Keep(out int into, int value) => into = value;")]
    public void A_call_on_the_path_inside_an_expression_that_cannot_be_taken_apart_is_refused(string run, string members = "") =>
        AssertRefused(Prepare(run, members), DiagnosticCodes.CallSiteShape, 6, "assign its result to a local first");

    [Fact]
    public void A_call_on_the_path_in_a_catch_body_is_refused() =>
        AssertRefused(Prepare("try { Print(\"a\"); } catch (System.InvalidOperationException) { Step(); }"), DiagnosticCodes.StatementNotSupported, 6, "call the method after the 'try' instead");

    [Fact]
    public void A_call_on_the_path_in_a_finally_body_is_refused() =>
        AssertRefused(Prepare("try { Print(\"a\"); } finally { Step(); }"), DiagnosticCodes.StatementNotSupported, 6, "call the method after the 'try' instead");

    [Fact]
    public void A_using_declaration_in_a_block_of_the_path_guards_the_rest_of_the_block() =>
        Assert.Empty(Prepare("using var reader = new System.IO.StringReader(\"\"); Step(); Print(reader.ReadToEnd());"));

    [Fact]
    public void A_fixed_statement_holding_a_call_on_the_path_is_refused() =>
        AssertRefused(Prepare("unsafe { var a = new int[1]; fixed (int* p = a) { Step(); } }"), DiagnosticCodes.StatementNotSupported, 6, "move the call or point out of it");

    [Fact]
    public void An_asynchronous_foreach_holding_a_call_on_the_path_is_refused() =>
        AssertRefused(Prepare("Walk().GetAwaiter().GetResult();", """
            private async System.Threading.Tasks.Task Walk()
            {
                await foreach (var item in Items()) { Step(); }
            }

            private static async System.Collections.Generic.IAsyncEnumerable<int> Items() { await System.Threading.Tasks.Task.Yield(); yield return 1; }
            """), DiagnosticCodes.CollectionNotSupported, 17, "'await foreach' over a");

    [Theory]
    [InlineData("object o = 3; if (o is not int n) { return; } Step(); Print(n.ToString());")]
    [InlineData("object o = 3; if (o is int n) { Step(); Print(n.ToString()); }")]
    [InlineData("var q = new System.Collections.Generic.Queue<int>([1, 2]); while (q.TryDequeue(out var n)) { Step(); Print(n.ToString()); }")]
    public void A_variable_a_condition_declares_that_a_site_needs_is_declared_at_the_top_of_a_block_instead(string run) =>
        Assert.Empty(Prepare(run));

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
