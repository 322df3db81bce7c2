using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Midflight.Transform.Analysis;

namespace Midflight.Transform.Tests;

public sealed class LivenessTests
{
    /// <summary>The variables live after the call to <paramref name="callee"/> in <paramref name="method"/> (the first such call).</summary>
    private static string[] LiveAfterCall(string source, string method, string callee)
    {
        var compilation = ModuleSources.Compile(("Demo.cs", source));
        var tree = compilation.SyntaxTrees.First(t => t.FilePath == "Demo.cs");
        var declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.Text == method);
        var call = declaration.DescendantNodes().OfType<InvocationExpressionSyntax>().First(i => i.Expression.ToString() == callee);
        return [.. Liveness.Of(compilation.GetSemanticModel(tree), declaration).LiveAfter(call).Select(s => s.Name)];
    }

    [Fact]
    public void In_compute_s_run_after_the_request_s_average_n_is_dead_and_response_is_live()
    {
        var source = ModuleSources.Monitor("Compute.cs");

        // Figure 4 captures n and response at L1; only response is still read (by the reply).
        Assert.Equal(["response"], LiveAfterCall(source, "Run", "Average"));
    }

    [Fact]
    public void In_the_recursive_average_num_and_rp_are_live_after_the_recursive_call_and_n_is_not()
    {
        var source = ModuleSources.Monitor("Compute.cs");

        Assert.Equal(["num", "rp"], LiveAfterCall(source, "Average", "Average"));
    }

    private const string Loops = """
        namespace Demo;
        public static class Demo
        {
            public static int Loop(int count)
            {
                var total = 0;
                var unused = 5;
                for (var i = 0; i < count; i++)
                {
                    Step();
                    total += i;
                }
                unused = 6;
                return total + unused;
            }

            public static int Overwritten(int a)
            {
                var b = a * 2;
                Step();
                b = 3;
                return b;
            }

            public static int Branches(bool flag, int x, int y)
            {
                Step();
                if (flag)
                {
                    return x;
                }
                return 0;
            }

            public static int Nested(int a, int b)
            {
                var c = 1;
                while (a > 0)
                {
                    while (b > 0)
                    {
                        Step();
                        b--;
                    }
                    a--;
                }
                return c;
            }

            private static void Step() { }
        }
        """;

    [Fact]
    public void A_value_carried_around_a_loop_is_live_and_one_overwritten_before_it_is_read_is_not()
    {
        // count and i are read by the next iteration's test; total by its +=; unused is written again first.
        Assert.Equal(["count", "i", "total"], LiveAfterCall(Loops, "Loop", "Step"));
    }

    [Fact]
    public void A_value_read_only_after_nested_loops_is_live_inside_the_inner_one()
    {
        // c reaches the inner body's liveness only through both loops' back edges: the analysis must iterate.
        Assert.Equal(["a", "b", "c"], LiveAfterCall(Loops, "Nested", "Step"));
    }

    [Fact]
    public void A_variable_written_before_it_is_read_again_is_dead()
    {
        Assert.Empty(LiveAfterCall(Loops, "Overwritten", "Step"));
    }

    [Fact]
    public void A_variable_read_on_any_branch_is_live_and_one_read_on_none_is_not()
    {
        Assert.Equal(["flag", "x"], LiveAfterCall(Loops, "Branches", "Step"));
    }
}
