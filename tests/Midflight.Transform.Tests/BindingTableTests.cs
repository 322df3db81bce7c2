using System.Reflection;
using Microsoft.CodeAnalysis;
using Midflight.Model.Diagnostics;
using Midflight.Transform.Preparation;

namespace Midflight.Transform.Tests;

/// <summary>
/// The binding table the build gives a module marked [ProcedureUpdates]: calls between its
/// procedures go through their slots' forwarders, whatever their shape, and compute what they
/// computed; what is not a procedure is left alone; a module without a thread is refused.
/// </summary>
public sealed class BindingTableTests
{
    private const string Shapes = """
        namespace Demo;

        [Midflight.ProcedureUpdates]
        public sealed class Shapes : Midflight.Module
        {
            private int calls;

            protected override void Run() => Print(Compute());

            public string Compute()
            {
                var total = Sum(1, 2) + Sum(1, 2, 3) + this.Sum(c: 4, a: 1);
                Bump(ref total);
                Split(total, out var half, out var rest);
                Note();
                return $"{total} {half} {rest} {Twice(in total)} {Scaled(3)} {calls}";
            }

            private int Sum(int a, int b = 0, int c = 10) => a + b + c;

            private int Sum(int a) => a;

            private void Bump(ref int value) => value += Sum(5);

            private void Split(int value, out int half, out int rest)
            {
                half = value / 2;
                rest = value - half;
            }

            private void Note() => calls++;

            private int Twice(in int value) => value * 2;

            private int Scaled(int depth) => depth == 0 ? 1 : 2 * Scaled(depth - 1);
        }
        """;

    [Fact]
    public void Every_call_between_procedures_goes_through_its_slot_and_computes_what_it_computed()
    {
        var compilation = ModuleSources.Compile(("Shapes.cs", Shapes));
        var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Shapes")], "demo.mil");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var prepared = ModulePreparer.Apply(compilation, result);

        var text = Assert.Single(result.Files).Text;
        foreach (var call in new[] { "__mf_via_Sum__1(1, 2)", "this.__mf_via_Sum__1(c: 4, a: 1)", "__mf_via_Sum__2(5)", "__mf_via_Bump(ref total)", "__mf_via_Split(total, out var half, out var rest)", "__mf_via_Twice(in total)", "__mf_via_Scaled(depth - 1)", "__mf_via_Note()" })
        {
            Assert.Contains(call, text, StringComparison.Ordinal);
        }
        Assert.Equal(Run(compilation), Run(prepared));
        Assert.Equal("29 14 15 58 8 1", Run(prepared));
    }

    [Fact]
    public void Each_procedure_and_its_slot_carry_its_identity_and_the_procedures_it_calls()
    {
        var compilation = ModuleSources.Compile(("Shapes.cs", Shapes));
        var prepared = ModulePreparer.Apply(compilation, ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Shapes")], "demo.mil"));
        var type = Emit(prepared).GetType("Demo.Shapes", throwOnError: true)!;

        var compute = type.GetMethod("Compute")!.GetCustomAttribute<ProcedureAttribute>()!;
        var slot = TableOf(type).GetField("Compute")!.GetCustomAttribute<ProcedureAttribute>()!;

        Assert.Equal("Compute()", compute.Identity);
        // Never inlined: an activation must show on the stack the runtime reads.
        Assert.True(type.GetMethod("Compute")!.MethodImplementationFlags.HasFlag(MethodImplAttributes.NoInlining));
        Assert.Equal(compute.Identity, slot.Identity);
        Assert.Equal(compute.Fingerprint, slot.Fingerprint);
        Assert.Equal(["Sum(int, int, int)", "Bump(ref int)", "Split(int, out int, out int)", "Note()", "Twice(in int)", "Scaled(int)"], compute.Calls);
        // Which methods use each field: what a mapper's update must switch at once.
        var uses = TableOf(type).GetCustomAttributes<FieldUseAttribute>().ToDictionary(u => u.Field, u => u.Users);
        Assert.Equal(["Compute()", "Note()"], uses["calls"]);
        // Run is an override: the runtime calls it, not the module.
        Assert.Null(type.GetMethod("Run", BindingFlags.Instance | BindingFlags.NonPublic)!.GetCustomAttribute<ProcedureAttribute>());
    }

    [Fact]
    public void A_procedure_on_the_reconfiguration_graph_keeps_its_direct_calls()
    {
        var source = Shapes.Replace("private int Scaled(int depth) => depth == 0 ? 1 : 2 * Scaled(depth - 1);", """
            private int Scaled(int depth)
            {
                if (depth == 0)
                {
                R:
                    Delay(System.TimeSpan.Zero);
                    return 1;
                }
                return 2 * Scaled(depth - 1);
            }
            """, StringComparison.Ordinal);
        var compilation = ModuleSources.Compile(("Shapes.cs", source));

        var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Shapes", "R")], "demo.mil");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var text = Assert.Single(result.Files).Text;
        // Scaled holds the point, and Compute calls it: both are on the graph, and change with a module
        // update. Compute's calls of the procedures off the graph still go through their slots.
        Assert.DoesNotContain("__mf_via_Scaled", text, StringComparison.Ordinal);
        Assert.DoesNotContain("__mf_via_Compute", text, StringComparison.Ordinal);
        Assert.Contains("__mf_via_Sum__0(1, 2)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_async_module_marked_for_procedure_updates_is_refused_on_its_class()
    {
        var compilation = ModuleSources.Compile(("Pump.cs", """
            namespace Demo;

            [Midflight.ProcedureUpdates]
            public sealed class Pump : Midflight.AsyncModule
            {
                protected override System.Threading.Tasks.Task RunAsync(System.Threading.CancellationToken stopping) => System.Threading.Tasks.Task.CompletedTask;
            }
            """));

        var diagnostic = Assert.Single(ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Demo.Pump")], "demo.mil").Diagnostics);

        Assert.Equal(DiagnosticCodes.ProcedureModuleNotThreaded, diagnostic.Code);
        Assert.Equal(("Pump.cs", 4), (diagnostic.Location.File, diagnostic.Location.Line));
        Assert.Contains("does not derive from Module", diagnostic.Message, StringComparison.Ordinal);
    }

    private static Type TableOf(Type module) => module.GetNestedType("__mf_Procedures", BindingFlags.NonPublic)!;

    private static string Run(Compilation compilation)
    {
        var module = Activator.CreateInstance(Emit(compilation).GetType("Demo.Shapes", throwOnError: true)!)!;
        return (string)module.GetType().GetMethod("Compute")!.Invoke(module, null)!;
    }

    private static Assembly Emit(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    }
}
