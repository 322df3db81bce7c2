using Midflight.Testing;
using CsCheck;

namespace Midflight.Transform.Tests.Differential;

/// <summary>
/// Modules whose state — fields and live locals — is drawn from the shapes real state has (arrays of
/// one and of several dimensions, jagged arrays, lists, arrays of lists, dictionaries of arrays,
/// stacks, queues, sets, sorted dictionaries, linked lists, tuples, generated records, big integers,
/// enums and nullables), changed at every step and moved at random moments: each prints its whole
/// state after every step, and prints the same moved as unmoved. Fixed seed in CI;
/// MIDFLIGHT_RANDOM_SEEDS=1 explores fresh ones.
/// </summary>
public sealed class StateShapeMoveTests
{
    private const int Steps = 6;

    /// <summary>An element type, and the C# of one value of it for each step.</summary>
    private sealed record Element(string Type, IReadOnlyList<string> Values, bool Hashable, string? Declaration = null);

    /// <summary>A piece of state: its type, its initial value, and how a step changes <c>x</c> with the step's element <c>e</c>.</summary>
    private sealed record Shape(string Type, string Initial, string Change, Element Of);

    private static Gen<Element> Elements => Gen.OneOf(
        Gen.Int.Array[Steps].Select(v => new Element("int", [.. v.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], true)),
        Gen.String.Array[Steps].Select(v => new Element("string", [.. v.Select(Literal)], true)),
        Gen.Long.Array[Steps].Select(v => new Element("System.Numerics.BigInteger", [.. v.Select(l => $"System.Numerics.BigInteger.Parse(\"{l}000000000000000000000\")")], false)),
        Gen.Int[-1, 2].Array[Steps].Select(v => new Element("Color?", [.. v.Select(c => c < 0 ? "null" : $"Color.C{c}")], true)),
        Gen.Select(Gen.Int.Array[Steps], Gen.String.Array[Steps], (i, t) => new Element("(int, string)", [.. i.Zip(t, (a, b) => $"({a}, {Literal(b)})")], true)),
        Gen.Select(Gen.Int[1, 3], Gen.Int.Array[Steps], (fields, v) => new Element($"Rec{fields}", [.. v.Select(i => $"new Rec{fields}({string.Join(", ", Enumerable.Range(0, fields).Select(f => (i + f).ToString(System.Globalization.CultureInfo.InvariantCulture)))})")],
            false, $"public sealed record Rec{fields}({string.Join(", ", Enumerable.Range(0, fields).Select(f => $"long F{f}"))});")));

    private static string Literal(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);

    private static Gen<Shape> Shapes => Elements.SelectMany(e => Gen.Int[0, 11].Select(kind => kind switch
    {
        0 => new Shape(e.Type, e.Values[0], "x = e;", e),
        1 => new Shape($"{e.Type}[]", $"new {e.Type}[] {{ {e.Values[0]}, {e.Values[1]} }}", "x[step % x.Length] = e;", e),
        2 => new Shape($"{e.Type}[,]", $"new {e.Type}[2, 3]", "x[step % 2, step % 3] = e;", e),
        3 => new Shape($"{e.Type}[][]", $"new {e.Type}[][] {{ new {e.Type}[] {{ {e.Values[0]} }}, new {e.Type}[0] }}", "x[step % 2] = [.. x[step % 2], e];", e),
        4 => new Shape($"List<{e.Type}>", $"new List<{e.Type}> {{ {e.Values[0]} }}", "x.Add(e); if (x.Count > 3) { x.RemoveAt(0); }", e),
        5 => new Shape($"List<{e.Type}>[]", $"new List<{e.Type}>[] {{ new() {{ {e.Values[0]} }}, new() }}", "x[step % 2].Add(e);", e),
        6 => new Shape($"Dictionary<int, {e.Type}[]>", $"new Dictionary<int, {e.Type}[]> {{ [100] = new {e.Type}[] {{ {e.Values[0]} }} }}", "x[step] = new[] { e }; x.Remove(step - 2);", e),
        7 => new Shape($"Stack<{e.Type}>", $"new Stack<{e.Type}>()", "x.Push(e); if (step % 3 == 2) { x.Pop(); }", e),
        8 => new Shape($"Queue<{e.Type}>", $"new Queue<{e.Type}>()", "x.Enqueue(e); if (step % 2 == 1) { x.Dequeue(); }", e),
        9 when e.Hashable => new Shape($"HashSet<{e.Type}>", $"new HashSet<{e.Type}> {{ {e.Values[5]} }}", "x.Add(e); if (step % 2 == 1) { x.Remove(e); if (x.Count > 0) { x.Remove(x.First()); } }", e),
        10 => new Shape($"SortedDictionary<int, {e.Type}>", $"new SortedDictionary<int, {e.Type}>()", "x[step % 4] = e;", e),
        _ => new Shape($"LinkedList<{e.Type}>", $"new LinkedList<{e.Type}>()", "x.AddLast(e); if (x.Count > 3) { x.RemoveFirst(); }", e),
    }));

    private static string Program(IReadOnlyList<Shape> shapes)
    {
        var local = shapes[0];
        var fields = shapes.Skip(1).ToList();
        string Pool(int i, Shape s) => $"private static readonly {s.Of.Type}[] P{i} = [{string.Join(", ", s.Of.Values)}];";
        string Change(int i, Shape s, string x) => "{ var e = P" + i + "[step]; " + s.Change.Replace("x", x, StringComparison.Ordinal) + " }";
        return $$"""
            // points: R, S
            namespace Corpus;

            public enum Color { C0, C1, C2 }

            {{string.Join("\n", shapes.Select(s => s.Of.Declaration).OfType<string>().Distinct())}}

            public sealed class Shapes : Midflight.Module
            {
                {{string.Join("\n    ", shapes.Select((s, i) => Pool(i, s)))}}
                {{string.Join("\n    ", fields.Select((s, i) => $"private {s.Type} _f{i + 1} = {s.Initial};"))}}

                protected override void Run()
                {
                    {{local.Type}} local = {{local.Initial}};
                    for (var step = 0; step < {{Steps}}; step++)
                    {
                        {{Change(0, local, "local")}}
                        Change(step, 3);
                    R:
                        Print(D(local) + " | " + Describe());
                    }
                }

                private void Change(int step, int depth)
                {
                    if (depth > 0)
                    {
                        Change(step, depth - 1);
                    S:
                        Print($"depth {depth} step {step}");
                        return;
                    }
                    {{string.Join("\n        ", fields.Select((s, i) => Change(i + 1, s, $"_f{i + 1}")))}}
                }

                private string Describe() => string.Join(" | ", new string[] { {{string.Join(", ", fields.Select((_, i) => $"D(_f{i + 1})"))}} });

                private static string D(object? v) => v switch
                {
                    null => "null",
                    string s => "\"" + s + "\"",
                    System.Array { Rank: > 1 } a => "[" + string.Join("x", Enumerable.Range(0, a.Rank).Select(a.GetLength)) + "]" + string.Join(",", a.Cast<object?>().Select(D)),
                    System.Collections.IDictionary d => "{" + string.Join(",", d.Keys.Cast<object>().Select(k => D(k) + ":" + D(d[k]))) + "}",
                    System.Collections.IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(D)) + "]",
                    _ => v.GetType().Name + ":" + v,
                };
            }
            """;
    }

    [Fact]
    public void State_drawn_from_the_shapes_of_real_modules_is_the_same_after_moves_at_random_moments()
    {
        var programs = Gen.Int[2, 5].SelectMany(n => Shapes.Array[n]);
        Gen.Select(programs, Gen.Int[1, 60].HashSet[1, 4]).SamplePinned((shapes, moments) =>
        {
            var program = CorpusProgram.FromSource("Shapes", Program(shapes));
            var expected = program.RunOriginal();

            var run = program.RunPrepared(moments);
            var everyLine = program.RunPrepared(Enumerable.Range(1, expected.Count).ToHashSet());

            Assert.Equal(expected, run.Output);
            Assert.Empty(run.Refusals);
            Assert.Equal(expected, everyLine.Output);
            Assert.Empty(everyLine.Refusals);
            Assert.True(everyLine.Captures >= Steps, $"only {everyLine.Captures} moves");
        }, seed: "0aE6nTqXyIw2", iter: 25);
    }
}
