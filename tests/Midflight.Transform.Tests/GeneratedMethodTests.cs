using Midflight.Testing;
using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.CodeAnalysis;
using Midflight.Transform.Preparation;

namespace Midflight.Transform.Tests;

/// <summary>
/// The build never emits C# that does not compile: methods made of the statements and expressions
/// authors write — loops that only return, declarations without initialisers, out and pattern
/// variables, deconstructions, foreach over every kind of sequence, using, try/finally, switch — with a
/// call on the reconfiguration graph wherever an expression may stand, are prepared, and the prepared
/// compilation has no error. Fixed seed in CI; MIDFLIGHT_RANDOM_SEEDS=1 explores fresh ones.
/// </summary>
public sealed partial class GeneratedMethodTests
{
    /// <summary>A piece of generated code, written with a supply of fresh names.</summary>
    private delegate string Code(Func<string> fresh);

    private static Gen<Code> Choose(params Code[] codes) => Gen.Int[0, codes.Length - 1].Select(i => codes[i]);

    private static Gen<Code> Expression => Choose(
        _ => "n",
        _ => "Step()",
        _ => "(Step() + n)",
        _ => "(n > 2 ? Step() : n)",
        _ => "(n > 1 && Step() > 0 ? 1 : 2)",
        _ => "Twice(Step())",
        _ => "new[] { n, Step() }.Length",
        _ => "(n switch { 0 => Step(), 1 => 5, _ when n > 9 => Twice(Step()), _ => n + Step() })",
        _ => "$\"{n}:{Step()}\".Length",
        _ => "(list.Count + Step())",
        _ => "Math.Max(n, Step())",
        f => f() is var s ? $"(Step() is > 0 and var {s} ? {s} : 0)" : "",
        _ => "Loop(n % 5)");

    private static Gen<Code> Condition => Choose(
        _ => "n > 3",
        _ => "Step() > 0",
        _ => "list.Count > n || Step() == 1",
        _ => "!(n < 2 && Step() < 0)");

    private static Gen<Code> Collection => Choose(
        _ => "list", _ => "new[] { 1, 2 }", _ => "map.Keys", _ => "Items()", _ => "\"ab\"", _ => "new HashSet<int> { 1, 4 }",
        _ => "new Queue<int>([3])", _ => "list.Where(x => x > 1)", _ => "new int[2, 2]", _ => "(IReadOnlyList<int>)list");

    private static Gen<Code> Simple => Gen.OneOf(
        Expression.Select(e => (Code)(f => $"n += {e(f)};")),
        Expression.Select(e => (Code)(f => { var a = f(); return $"var {a} = {e(f)}; n += {a};"; })),
        Gen.Select(Condition, Expression, (c, e) => (Code)(f => { var a = f(); return $"int {a}; if ({c(f)}) {{ {a} = {e(f)}; }} else {{ {a} = 2; }} n += {a};"; })),
        Expression.Select(e => (Code)(f => $"Print({e(f)}.ToString());")),
        Expression.Select(e => (Code)(f => { var (a, b) = (f(), f()); return $"var ({a}, {b}) = ({e(f)}, n); n += {a} + {b};"; })),
        Gen.Const<Code>(f => { var a = f(); return $"if (int.TryParse(\"3\", out var {a})) {{ n += {a}; }} n += Step(); n += {a};"; }),
        Gen.Const<Code>(f => { var a = f(); return $"using var {a} = new System.IO.StringReader(\"y\"); n += Step() + {a}.Peek();"; }),
        Gen.Const<Code>(f => $"{f()}: n = Loop(n);"),
        Gen.Const<Code>(f => { var a = f(); return $"{f()}: var {a} = Step(); n += {a};"; }),
        Gen.Const<Code>(_ => "_total += Step();"),
        Gen.Const<Code>(_ => "list[n % list.Count] = Step();"));

    private static Gen<Code> Block(int depth) =>
        Statement(depth).Array[1, 3].Select(statements => (Code)(f => string.Join(" ", statements.Select(s => s(f)))));

    private static Gen<Code> Statement(int depth) => depth == 0 ? Simple : Gen.Frequency(
        (4, Simple),
        (1, Gen.Select(Condition, Block(depth - 1), Block(depth - 1), (c, a, b) => (Code)(f => $"if ({c(f)}) {{ {a(f)} }} else {{ {b(f)} }}"))),
        (1, Block(depth - 1).Select(b => (Code)(f => $"while (n < 50) {{ {b(f)} n += 7; }}"))),
        (1, Gen.Select(Block(depth - 1), Condition, (b, c) => (Code)(f => $"while (true) {{ {b(f)} if ({c(f)}) {{ break; }} }}"))),
        (1, Gen.Select(Condition, Block(depth - 1), (c, b) => (Code)(f => $"while ({c(f)}) {{ {b(f)} n++; }}"))),
        (1, Gen.Select(Block(depth - 1), Condition, (b, c) => (Code)(f => $"do {{ {b(f)} if (n > 8) {{ continue; }} n++; }} while ({c(f)});"))),
        (1, Block(depth - 1).Select(b => (Code)(f => { var a = f(); return $"for (var {a} = 0; {a} < 3; {a}++) {{ {b(f)} }}"; }))),
        (1, Gen.Select(Collection, Block(depth - 1), (c, b) => (Code)(f => { var a = f(); return $"foreach (var {a} in {c(f)}) {{ {b(f)} n += {a}.GetHashCode() % 3; }}"; }))),
        (1, Block(depth - 1).Select(b => (Code)(f => { var (k, v) = (f(), f()); return $"foreach (var ({k}, {v}) in map) {{ {b(f)} n += {k} + {v}; }}"; }))),
        (1, Block(depth - 1).Select(b => (Code)(f => $"try {{ {b(f)} }} finally {{ n++; }}"))),
        (1, Block(depth - 1).Select(b => (Code)(f => { var a = f(); return $"if ((object)n is int {a}) {{ {b(f)} n += {a}; }}"; }))),
        (1, Block(depth - 1).Select(b => (Code)(f => { var a = f(); return $"var queue{a} = new Queue<int>([1, 2]); while (queue{a}.TryDequeue(out var {a})) {{ {b(f)} n += {a}; }}"; }))),
        (1, Gen.Select(Block(depth - 1), Block(depth - 1), (a, b) => (Code)(f => $"switch (n % 3) {{ case 0: {{ {a(f)} break; }} case 1 when n > 0: {{ {b(f)} break; }} default: n++; break; }}"))),
        (1, Block(depth - 1).Select(b => (Code)(f => { var a = f(); return $"using (var {a} = new System.IO.StringReader(\"x\")) {{ {b(f)} n += {a}.Peek(); }}"; }))),
        (1, Block(depth - 1).Select(b => (Code)(f => $"{{ {b(f)} }}"))));

    private static string Module(string body) => $$"""
        namespace Generated;

        public sealed class Shape : Midflight.Module
        {
            private int _total;

            protected override void Run()
            {
                var n = 1;
                var list = new List<int> { 1, 2, 3 };
                var map = new Dictionary<int, int> { [1] = 2 };
                {{body}}
                n += Step();
                Print($"{n} {_total} {list.Count} {map.Count}");
            }

            private int Step()
            {
            R:
                _total++;
                return 1;
            }

            private int Loop(int limit)
            {
                var k = 0;
                while (true)
                {
                    k += Step();
                    if (k > limit)
                    {
                        return k;
                    }
                }
            }

            private static int Twice(int x) => 2 * x;

            private static IEnumerable<int> Items()
            {
                yield return 1;
                yield return 2;
            }
        }
        """;

    [Fact]
    public void A_prepared_method_made_of_what_authors_write_compiles()
    {
        Block(2).SamplePinned(body =>
        {
            var names = 0;
            var source = Module(body(() => $"v{++names}"));
            var compilation = ModuleSources.Compile(("Shape.cs", source));

            var result = ModulePreparer.Prepare(compilation, [ModuleSources.Spec("Generated.Shape", "R")], "shape.mil");

            Assert.True(result.Succeeded, $"{string.Join("\n", result.Diagnostics)}\n{source}");
            var errors = ModulePreparer.Apply(compilation, result).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"{string.Join("\n", errors)}\n{source}\n{result.Files[0].Text}");
        }, seed: "4Gxzv5Ru5Zt1", iter: 150);
    }
}
