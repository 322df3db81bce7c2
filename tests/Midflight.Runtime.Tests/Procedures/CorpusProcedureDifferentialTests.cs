using System.Collections.Concurrent;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Midflight.Control.Tests;
using Midflight.Model;
using Midflight.Runtime.Procedures;
using Midflight.Testing;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>
/// The differential standard for procedure updates on the transformation's corpus: a program opted
/// in to procedure updates, whose every block-bodied procedure is updated at a random moment to a
/// version that differs in its tokens and not in what it does, prints exactly what it prints without
/// the update. The update is asked for when the program prints a chosen line, and switches bottom-up
/// as its procedures become inactive, at the program's next prints. Fixed seeds in CI.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class CorpusProcedureDifferentialTests
{
    /// <summary>Programs whose calls between procedures recur while they print: recursion, loops of calls, objects.</summary>
    public static TheoryData<string> Programs => ["EditDistance", "Dijkstra", "TowerOfHanoi", "Sudoku", "BankSimulation", "HuffmanCoding"];

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    // The running build has these as global usings; the update compiles the one file it is given.
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Text;\n";

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task A_corpus_program_updated_procedure_level_at_a_random_moment_prints_what_it_prints_without_updates(string name)
    {
        var text = Usings + File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", name + ".cs"))
            .Replace($"public sealed class {name} : Midflight.Module", $"[Midflight.ProcedureUpdates] public sealed class {name} : Midflight.Module", StringComparison.Ordinal);
        var running = ModuleVersions.Build("Corpus" + name, Specification($"versions/Corpus{name}.dll#Corpus.{name}"), ($"{name}.cs", text));
        var touched = ProcedureNodes.NewSource("corpus-" + name, Touched(text, name));
        var (expected, _) = await RunAsync(running, updateAfter: null, touched);
        Assert.True(expected.Count >= 3, $"{name} prints too little to be updated in the middle");

        var switched = 0;
        await Gen.Int[1, expected.Count - 1].SamplePinnedAsync(async line =>
        {
            var (printed, procedures) = await RunAsync(running, line, touched);
            Assert.Equal(expected, printed);
            switched += procedures;
        }, seed: "0N0XIzNsQ0O2", iter: 3, shrink: 3);
        Assert.True(switched > 0, $"{name}: no procedure switched in any run");
    }

    private static string Specification(string source) => $$"""
        module subject { source = "{{source}}" :: }
        module app { instance subject }
        """;

    /// <summary>The program with an empty statement first in each block-bodied instance method of its module: new tokens, the same behaviour.</summary>
    private static string Touched(string text, string name)
    {
        var root = CSharpSyntaxTree.ParseText(text).GetRoot();
        var module = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == name);
        var methods = module.Members.OfType<MethodDeclarationSyntax>()
            .Where(m => m.Body is not null && !m.Modifiers.Any(SyntaxKind.StaticKeyword) && !m.Modifiers.Any(SyntaxKind.OverrideKeyword))
            .ToList();
        Assert.NotEmpty(methods);
        return root.ReplaceNodes(methods, (_, m) => m.WithBody(m.Body!.WithStatements(m.Body.Statements.Insert(0, SyntaxFactory.EmptyStatement())))).ToFullString();
    }

    /// <summary>
    /// Runs the program to its end; when it prints line <paramref name="updateAfter"/>, has every changed
    /// procedure updated, the program held until the switch has begun. Returns what it printed, and how
    /// many procedures switched before it ended.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Printed, int Switched)> RunAsync(ModuleSource running, int? updateAfter, string touched)
    {
        using var log = new LogCollector();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        using var stop = new CancellationTokenSource(Bound);
        var output = new Lines();
        var time = new FakeTimeProvider(TestNodes.Epoch);
        // The program starts printing as the node starts: the callback is in place before, and waits for the node.
        var started = new TaskCompletionSource<Node>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? update = null;
        output.AfterLine = count =>
        {
            if (count != updateAfter)
            {
                return;
            }
            update = started.Task.WaitAsync(Bound).GetAwaiter().GetResult()
                .UpdateProceduresAsync("subject", new ProcedureUpdateOptions { Source = touched }, stop.Token);
            // On the module's thread: the program waits here until the switch is under way, then goes on
            // and switches its procedures at its next prints, as they become inactive. A refused update
            // ends first, and says why when it is awaited.
            Task.WhenAny(log.WaitForAsync(l => l.Contains("Procedure update of subject compiled", StringComparison.Ordinal), Bound), update).GetAwaiter().GetResult();
        };
        await using var node = await Node.StartAsync(TestNodes.Parse(Specification(running.ToString())),
            TestNodes.Options(time, new Recorder()) with { Output = output, Tracer = null, LoggerFactory = loggers });
        started.SetResult(node);
        await Drive.UntilAsync(node, time, () => node.Status["subject"].Activity.Status == ModuleStatus.Completed, TimeSpan.FromSeconds(1));
        if (update is not null)
        {
            await stop.CancelAsync();
            try
            {
                await update;
            }
            catch (OperationCanceledException)
            {
                // Procedures still active when the program ended never switched: the update is given up.
            }
        }
        return (output.Printed, node.Status["subject"].Procedures.Count);
    }

    private sealed class Lines : IModuleOutput
    {
        private readonly ConcurrentQueue<string> _printed = new();

        public Action<int> AfterLine { get; set; } = _ => { };

        public IReadOnlyList<string> Printed => [.. _printed];

        public void Print(string instance, string text)
        {
            _printed.Enqueue(text);
            AfterLine(_printed.Count);
        }
    }
}
