using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Midflight.Model;
using Midflight.Transform.Preparation;

namespace Midflight.Benchmarks.Participation;

/// <summary>
/// The modules the participation benchmarks run, compiled twice at setup from one source — as
/// written and prepared, both optimised — exactly as the build would compile a module project.
/// </summary>
internal static class Workloads
{
    private const string Source = """
        using System;
        namespace Workloads;

        /// <summary>CPU-bound recursion: a merge sort (insertion sort below 24), a point at each merge.</summary>
        public sealed class MergeSort : Midflight.Module
        {
            private readonly int[] _data = new int[1 << 16];
            private readonly int[] _scratch = new int[1 << 16];
            public long Checksum;

            protected override void Run()
            {
                var seed = 12345u;
                for (var i = 0; i < _data.Length; i++)
                {
                    seed = seed * 1664525u + 1013904223u;
                    _data[i] = (int)(seed >> 8);
                }
                Sort(0, _data.Length);
                Checksum = _data[0] + _data[_data.Length / 2] + _data[^1];
            }

            private void Sort(int from, int to)
            {
                if (to - from <= 24)
                {
                    for (var i = from + 1; i < to; i++)
                    {
                        var key = _data[i];
                        var j = i - 1;
                        while (j >= from && _data[j] > key)
                        {
                            _data[j + 1] = _data[j];
                            j--;
                        }
                        _data[j + 1] = key;
                    }
                    return;
                }
                var middle = (from + to) / 2;
                Sort(from, middle);
                Sort(middle, to);
            R:
                Merge(from, middle, to);
            }

            private void Merge(int from, int middle, int to)
            {
                int left = from, right = middle, k = from;
                while (left < middle && right < to)
                {
                    _scratch[k++] = _data[left] <= _data[right] ? _data[left++] : _data[right++];
                }
                while (left < middle) { _scratch[k++] = _data[left++]; }
                while (right < to) { _scratch[k++] = _data[right++]; }
                Array.Copy(_scratch, from, _data, from, to - from);
            }
        }

        /// <summary>A server's loop: a batch of work per iteration, a point at the top of each.</summary>
        public sealed class BatchLoop : Midflight.Module
        {
            private readonly double[] _samples = new double[256];
            public double Total;

            protected override void Run()
            {
                for (var i = 0; i < _samples.Length; i++)
                {
                    _samples[i] = (i * 37 % 101) / 7.0;
                }
                var total = 0.0;
                for (var batch = 0; batch < 20_000; batch++)
                {
                R:
                    var sum = 0.0;
                    for (var i = 0; i < _samples.Length; i++)
                    {
                        sum += _samples[i] * (batch & 7);
                    }
                    total += sum / _samples.Length;
                }
                Total = total;
            }
        }

        /// <summary>The worst case: Fibonacci, whose calls do almost nothing but call; a point in each.</summary>
        public sealed class Fibonacci : Midflight.Module
        {
            public long Result;

            protected override void Run() => Result = Fib(24);

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
        }

        /// <summary>A stack DEPTH frames deep, each holding two live variables, stopped at a point at the bottom.</summary>
        public sealed class DeepDEPTH : Midflight.Module
        {
            public long Result;

            protected override void Run() => Result = Descend(DEPTH, 0);

            private long Descend(int remaining, long carried)
            {
                if (remaining == 0)
                {
                R:
                    carried++;
                    return carried;
                }
                var own = remaining * 3L;
                var below = Descend(remaining - 1, carried + remaining);
                return below + own + carried;
            }
        }
        """;

    public static readonly int[] Depths = [100, 10_000];

    private static readonly string[] Programs = ["MergeSort", "BatchLoop", "Fibonacci"];

    private static readonly Lazy<(Assembly Original, Assembly Prepared, Assembly Tabled)> Compiled = new(Compile);

    public static Assembly Original => Compiled.Value.Original;

    public static Assembly Prepared => Compiled.Value.Prepared;

    /// <summary>
    /// The same modules opted in to procedure updates and prepared with no point: their calls go through
    /// the binding table, and nothing else differs from <see cref="Original"/>. (A procedure on the
    /// reconfiguration graph is not routed, so a point would leave nothing to measure.)
    /// </summary>
    public static Assembly Tabled => Compiled.Value.Tabled;

    public static Module Create(Assembly assembly, string name) =>
        (Module)Activator.CreateInstance(assembly.GetType("Workloads." + name, throwOnError: true)!)!;

    private static (Assembly, Assembly, Assembly) Compile()
    {
        var text = string.Concat(Source[..Source.IndexOf("/// <summary>A stack DEPTH", StringComparison.Ordinal)],
            string.Concat(Depths.Select(d => Source[Source.IndexOf("/// <summary>A stack DEPTH", StringComparison.Ordinal)..].Replace("DEPTH", d.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))));
        var compilation = CSharpCompilation.Create("Workloads",
            [CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), "Workloads.cs")],
            ModuleReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        var specs = Programs.Concat(Depths.Select(d => $"Deep{d}"))
            .Select(name => new ModuleSpec(name, new ModuleSource("Workloads.csproj", "Workloads." + name), default, new[] { new ReconfigurationPoint("R") }.ToEquatableArray(), default));
        var tabled = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], compilation.SyntaxTrees[0].WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace("public sealed class", "[Midflight.ProcedureUpdates] public sealed class", StringComparison.Ordinal))));
        var unpointed = Programs.Select(name => new ModuleSpec(name, new ModuleSource("Workloads.csproj", "Workloads." + name), default, default, default));
        return (Emit(compilation), Emit(Prepare(compilation, specs)), Emit(Prepare(tabled, unpointed)));
    }

    private static Compilation Prepare(Compilation compilation, IEnumerable<ModuleSpec> specs)
    {
        var result = ModulePreparer.Prepare(compilation, specs, "workloads.mil");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        }
        return ModulePreparer.Apply(compilation, result);
    }

    private static Assembly Emit(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException(string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        return Assembly.Load(image.ToArray());
    }
}
