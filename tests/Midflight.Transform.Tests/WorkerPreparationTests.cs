using Midflight.Model.Diagnostics;
using Midflight.Transform.Analysis;
using Midflight.Transform.Preparation;

namespace Midflight.Transform.Tests;

/// <summary>
/// A module's workers (<c>[Worker]</c>) are roots of its reconfiguration graph beside <c>Run</c>;
/// the build refuses a worker it could never capture, and a point reached while a lock is held.
/// </summary>
public sealed class WorkerPreparationTests
{
    /// <summary>A pool whose run posts work and whose <paramref name="worker"/> takes it; point W is in Take.</summary>
    private static PreparationResult Prepare(string worker, string members = "") =>
        ModulePreparer.Prepare(ModuleSources.Compile(("Pool.cs", $$"""
            namespace Demo;
            public sealed class Pool : Midflight.Module
            {
                private readonly Midflight.WorkQueue<long> jobs = new();
                private readonly object gate = new();

                protected override void Run()
                {
                    long n;
                    while (true)
                    {
                    R:
                        n = Read<long>("in");
                        jobs.Post(n);
                    }
                }

                {{worker}}

                private long Next()
                {
                    long job;
                W:
                    job = jobs.Take();
                    return job;
                }
            {{members}}
            }
            """)), [ModuleSources.Spec("Demo.Pool", "R", "W")], "pool.mil");

    [Fact]
    public void A_worker_is_a_root_of_the_graph_beside_the_run_and_its_wait_for_work_is_interruptible()
    {
        var result = Prepare("[Midflight.Worker(3)] private void Work(int index) { while (true) { var job = Next(); Print($\"{index}: {job}\"); } }");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var graph = Assert.Single(result.Graphs);
        Assert.Equal(["Work"], graph.Workers.Select(w => w.Name));
        Assert.Contains("workers Work\n", graph.ToString(), StringComparison.Ordinal);
        var prepared = Assert.Single(result.Files).Text;
        // Run by the node with its own capture context, and resumed through its copy.
        Assert.Contains("private void Work(global::Midflight.CaptureContext __mf, int index)", prepared, StringComparison.Ordinal);
        Assert.Contains("__mf_resume_Work(global::Midflight.CaptureContext __mf, int index)", prepared, StringComparison.Ordinal);
        // The point in Take waits, so a request interrupts it.
        Assert.Contains("__mf.AtPoint(", prepared, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worker_that_reaches_no_point_is_refused()
    {
        var diagnostic = Assert.Single(Prepare("[Midflight.Worker] private void Spin() { while (true) { Print(\"x\"); } }", "[Midflight.Worker] private void Work() { while (true) { Next(); } }").Diagnostics);

        Assert.Equal(DiagnosticCodes.WorkerNotSupported, diagnostic.Code);
        Assert.Equal("worker 'Spin' reaches no reconfiguration point: a reconfiguration could never capture it while it runs; label a statement it runs, or that a method it calls runs, and name the label in the module's specification", diagnostic.Message);
    }

    [Theory]
    [InlineData("[Midflight.Worker] private static void Work() { }", "'Work' is marked [Worker], but it is static: a worker works on its module's fields")]
    [InlineData("[Midflight.Worker] private int Work() => (int)Next();", "'Work' is marked [Worker], but a worker returns nothing and is not async: it runs on a thread of its own")]
    [InlineData("[Midflight.Worker] private void Work(string name) => Next();", "'Work' is marked [Worker], but a worker's one parameter is its index, an int")]
    [InlineData("[Midflight.Worker(0)] private void Work(int index) => Next();", "'Work' is marked [Worker], but it asks for 0 workers; a [Worker] method runs one at least")]
    public void A_worker_of_the_wrong_shape_is_refused_saying_why(string worker, string message)
    {
        var diagnostics = Prepare(worker, "private void Keep() => Next();").Diagnostics;

        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.WorkerNotSupported && d.Message == message && d.Location.File == "Pool.cs");
    }

    [Fact]
    public void A_point_reached_while_a_lock_is_held_is_refused_in_a_module_with_workers()
    {
        var diagnostics = Prepare("[Midflight.Worker] private void Work() { while (true) { long job; lock (gate) { job = Next(); } Print($\"{job}\"); } }").Diagnostics;

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.LockHeldAtPoint, diagnostic.Code);
        Assert.StartsWith("the call of 'Next', on the way to a reconfiguration point, in 'Work' is inside a lock statement", diagnostic.Message, StringComparison.Ordinal);
    }
}
