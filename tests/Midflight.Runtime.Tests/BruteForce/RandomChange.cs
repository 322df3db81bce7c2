using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Midflight.Model;

namespace Midflight.Runtime.Tests.BruteForce;

/// <summary>
/// One step of a random run against <see cref="SequenceApplication"/>: a change of the running
/// application, or time passing between changes. Each says whether the node must commit it or must
/// refuse it; a printed sequence of them is the shrunk counterexample of a failure.
/// </summary>
internal abstract record RandomChange
{
    // Methods, not properties: a record prints its properties, and a sequence prints as its changes alone.

    /// <summary>Whether the node must refuse it, the application left as it was.</summary>
    public virtual bool MustBeRefused() => false;

    /// <summary>Whether the node may refuse it, depending on what came before; if it does, the application must be as it was.</summary>
    public virtual bool MayBeRefused() => MustBeRefused();

    /// <summary>Whether it is a change at all, rather than time passing.</summary>
    public virtual bool IsChange() => true;

    /// <summary>
    /// The readers whose queue it empties on purpose, without copying it, when it commits on
    /// <paramref name="before"/>; a reader it deletes is counted without being named here.
    /// </summary>
    public virtual IEnumerable<string> Discards(ApplicationStatus before) => [];

    /// <summary>
    /// The producers it holds still from its beginning to its commit, whose messages written while it
    /// ran were all written after it committed. The others write on while a change waits for a moment,
    /// for as long as it waits.
    /// </summary>
    public virtual IEnumerable<string> Holds() => [];

    public abstract Task RunAsync(Node node, FakeTimeProvider time);

    /// <summary>Every kind of change the embedded node offers that keeps every message, with time passing between them.</summary>
    public static Gen<RandomChange> Any { get; } = Gen.Frequency(
        (3, Gen.Int[0, SequenceApplication.Instances.Length - 1].Select(i => (RandomChange)new Replace(SequenceApplication.Instances[i]))),
        (2, Gen.Select(Gen.Int[0, SequenceApplication.Instances.Length - 1], Gen.Int[1, 3], (i, m) => (RandomChange)new Move(SequenceApplication.Instances[i], $"host{m}"))),
        (2, Gen.Int[0, SequenceApplication.Instances.Length - 1].Select(i => (RandomChange)new Replicate(SequenceApplication.Instances[i]))),
        (2, Gen.Select(Gen.Int[0, SequenceApplication.Producers - 1], Gen.Int[0, SequenceApplication.Producers - 1], (p, c) => (RandomChange)new Rebind(p, c))),
        (1, Gen.Int[0, SequenceApplication.Instances.Length - 1].Select(i => (RandomChange)new MisfitUpdate(SequenceApplication.Instances[i]))),
        (2, Gen.Int[0, SequenceApplication.Instances.Length - 1].Select(i => (RandomChange)new Update(SequenceApplication.Instances[i]))),
        (1, Gen.Int[0, SequenceApplication.Instances.Length - 1].Select(i => (RandomChange)new Rollback(SequenceApplication.Instances[i]))),
        (1, Gen.Int[0, SequenceApplication.Instances.Length - 1].Select(i => (RandomChange)new Inspect(SequenceApplication.Instances[i]))),
        (1, Gen.Const((RandomChange)new AddOrRemoveSpare())),
        (2, Gen.Const((RandomChange)new Capture(SequenceApplication.PreparedProducer))),
        (1, Gen.Int[0, SequenceApplication.Producers - 1].Select(c => (RandomChange)new ImpossiblyIdle(SequenceApplication.Consumer(c)))),
        (4, Gen.Int[0, 3_000].Select(ms => (RandomChange)new Wait(TimeSpan.FromMilliseconds(ms)))));

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    protected static Task<ReconfigurationResult> Complete(Node node, FakeTimeProvider time, Task<ReconfigurationResult> change) =>
        Drive.CompleteAsync(node, time, change, Step);

    /// <summary>A new incarnation in place of the instance, its state and queued messages moved at a quiet moment.</summary>
    public sealed record Replace(string Instance) : RandomChange
    {
        public override async Task RunAsync(Node node, FakeTimeProvider time)
        {
            var result = await Complete(node, time, node.ReplaceAsync(Instance));
            if (Instance == SequenceApplication.PreparedProducer)
            {
                // Stopped at R at the bottom of its recursion: Run and the five Burst frames above it.
                Assert.Equal(6, result.MovedFrames[Instance]);
            }
        }
    }

    /// <summary>The instance to another machine (on one node, a replace that records where it runs).</summary>
    public sealed record Move(string Instance, string Machine) : RandomChange
    {
        public override Task RunAsync(Node node, FakeTimeProvider time) => Complete(node, time, node.ReconfigureAsync(Scripts.Move(node.Status, Instance, Machine)));
    }

    /// <summary>The SCP's update through a replica and back, in the version it runs.</summary>
    public sealed record Replicate(string Instance) : RandomChange
    {
        public override Task RunAsync(Node node, FakeTimeProvider time) => Complete(node, time, node.ReplicateAsync(Instance));
    }

    /// <summary>A producer's binding moved to a consumer (perhaps the one it has), in one transaction.</summary>
    public sealed record Rebind(int Producer, int Consumer) : RandomChange
    {
        public override Task RunAsync(Node node, FakeTimeProvider time)
        {
            var producer = ModuleRef.Current(SequenceApplication.Producer(Producer));
            var now = node.Status.Bindings.Single(b => b.From.Instance == producer.Name);
            return Complete(node, time, node.ReconfigureAsync(Reconfiguration.Of(
                new DeleteBinding(producer["out"], ModuleRef.Current(now.To.Instance)[now.To.Interface]),
                new AddBinding(producer["out"], ModuleRef.Current(SequenceApplication.Consumer(Consumer))["in"]))));
        }
    }

    /// <summary>An update to a version equivalent to the one it runs: its state moves to the new code, and a health window opens.</summary>
    public sealed record Update(string Instance) : RandomChange
    {
        public override Task RunAsync(Node node, FakeTimeProvider time) =>
            Complete(node, time, node.UpdateAsync(Instance, node.Status[Instance].Spec.Source));
    }

    /// <summary>Back to the version before the last update, its state handed back; refused when there was no update.</summary>
    public sealed record Rollback(string Instance) : RandomChange
    {
        public override bool MayBeRefused() => true;

        public override Task RunAsync(Node node, FakeTimeProvider time) => Complete(node, time, node.RollbackAsync(Instance, "random"));
    }

    /// <summary>The instance's state looked at, at a quiet moment, while it goes on.</summary>
    public sealed record Inspect(string Instance) : RandomChange
    {
        public override async Task RunAsync(Node node, FakeTimeProvider time) =>
            await Drive.CompleteAsync(node, time, node.InspectStateAsync(Instance), Step);
    }

    /// <summary>A prepared instance's whole state — stack, fields, heap — captured at its point, while it goes on from its own stack.</summary>
    public sealed record Capture(string Instance) : RandomChange
    {
        public override async Task RunAsync(Node node, FakeTimeProvider time) =>
            await Drive.CompleteAsync(node, time, node.CaptureStateAsync(Instance), Step);
    }

    /// <summary>An instance added to the running application, or removed again with its bindings, what was queued for it discarded.</summary>
    public sealed record AddOrRemoveSpare : RandomChange
    {
        private const string Spare = SequenceApplication.Spare;

        public override Task RunAsync(Node node, FakeTimeProvider time)
        {
            if (node.Status.Instances.Any(i => i.Name == Spare))
            {
                return Complete(node, time, node.ReconfigureAsync(Scripts.Remove(node.Status, Spare)));
            }
            var spare = ModuleRef.New(Spare);
            return Complete(node, time, node.ReconfigureAsync(Reconfiguration.Of(
                new AddModule(spare, node.Status[SequenceApplication.Consumer(0)].Spec), new StartModule(spare))));
        }
    }

    /// <summary>An update to a version that cannot be loaded: refused before anything stops.</summary>
    public sealed record MisfitUpdate(string Instance) : RandomChange
    {
        public override bool MustBeRefused() => true;

        public override Task RunAsync(Node node, FakeTimeProvider time) =>
            Complete(node, time, node.UpdateAsync(Instance, new ModuleSource("Nowhere.dll", "Nowhere.Module")));
    }

    /// <summary>A replace that must happen when an instance is idle that is never idle in time: it times out, untouched.</summary>
    public sealed record ImpossiblyIdle(string Instance) : RandomChange
    {
        public override bool MustBeRefused() => true;

        public override Task RunAsync(Node node, FakeTimeProvider time) =>
            Complete(node, time, node.ReconfigureAsync(Scripts.Replace(node.Status, Instance) with
            {
                WhenIdle = [SequenceApplication.Stubborn],
                Timeout = TimeSpan.FromSeconds(2),
            }));
    }

    /// <summary>Time passing, the producers writing, the consumers reading.</summary>
    public sealed record Wait(TimeSpan Duration) : RandomChange
    {
        public override bool IsChange() => false;

        public override Task RunAsync(Node node, FakeTimeProvider time) => Drive.ForAsync(node, time, Duration, Step);
    }
}
