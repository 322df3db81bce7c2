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

    public abstract Task RunAsync(Node node, FakeTimeProvider time);

    /// <summary>
    /// Every kind of change the embedded node offers — those that keep every message, and those that
    /// discard a queue on purpose — with time passing between them.
    /// </summary>
    public static Gen<RandomChange> Any { get; } = Gen.Frequency(
        (3, Gen.Int[0, SequenceApplication.Instances.Length - 1].Select(i => (RandomChange)new Replace(SequenceApplication.Instances[i]))),
        (2, Gen.Select(Gen.Int[0, SequenceApplication.Instances.Length - 1], Gen.Int[1, 3], (i, m) => (RandomChange)new Move(SequenceApplication.Instances[i], $"host{m}"))),
        (2, Gen.Int[0, SequenceApplication.Instances.Length - 1].Select(i => (RandomChange)new Replicate(SequenceApplication.Instances[i]))),
        (2, Gen.Select(Gen.Int[0, SequenceApplication.Producers - 1], Gen.Int[0, SequenceApplication.Producers - 1], (p, c) => (RandomChange)new Rebind(p, c))),
        (2, Gen.Select(Gen.Int[0, SequenceApplication.Producers - 1], Gen.Int[0, SequenceApplication.Producers], (p, r) => (RandomChange)new AddOrRemoveBinding(p, r))),
        (1, Gen.Int[0, SequenceApplication.Producers - 1].Select(c => (RandomChange)new DropQueue(SequenceApplication.Consumer(c)))),
        (2, Gen.Select(Gen.Int[0, SequenceApplication.Instances.Length - 1], Gen.Int[0, SequenceApplication.Instances.Length - 1],
            Gen.Int[0, SequenceApplication.Producers - 1], Gen.Int[0, SequenceApplication.Producers - 1], Gen.Int[0, 3],
            (a, b, p, c, discard) => (RandomChange)new ReplaceTwoAndMoveBinding(SequenceApplication.Instances[a], SequenceApplication.Instances[b], p, c, DiscardBacklog: discard == 0))),
        (1, Gen.Int[0, SequenceApplication.Instances.Length - 1].Where(i => SequenceApplication.Instances[i] != SequenceApplication.PreparedProducer)
            .Select(i => (RandomChange)new Transplant(SequenceApplication.Instances[i]))),
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

    /// <summary>
    /// One of a producer's bindings moved to a consumer, in one transaction: the one to that consumer if
    /// it has one (then nothing changes), else the first. A producer left with none is bound afresh.
    /// </summary>
    public sealed record Rebind(int Producer, int Consumer) : RandomChange
    {
        public override Task RunAsync(Node node, FakeTimeProvider time) =>
            Complete(node, time, node.ReconfigureAsync(new PlanBuilder(node.Status)
                .MoveBinding(SequenceApplication.Producer(Producer), SequenceApplication.Consumer(Consumer))
                .Build($"move a binding of {SequenceApplication.Producer(Producer)} to {SequenceApplication.Consumer(Consumer)}")));
    }

    /// <summary>
    /// A binding added or removed (a <c>define</c> fans out, each message going to every reader bound):
    /// the producer bound to the reader as well — the spare, added for it if need be, when
    /// <paramref name="Reader"/> is <see cref="SequenceApplication.Producers"/> — or, if it is bound
    /// already, unbound from it. A producer's only binding is not removed: it fans out to the next
    /// consumer instead.
    /// </summary>
    public sealed record AddOrRemoveBinding(int Producer, int Reader) : RandomChange
    {
        public override Task RunAsync(Node node, FakeTimeProvider time)
        {
            var producer = SequenceApplication.Producer(Producer);
            var reader = Reader == SequenceApplication.Producers ? SequenceApplication.Spare : SequenceApplication.Consumer(Reader);
            var readers = SequenceApplication.ReadersOf(node, producer);
            var from = ModuleRef.Current(producer)["out"];
            var change = readers.Contains(reader) switch
            {
                true when readers.Count > 1 => Reconfiguration.Of(new DeleteBinding(from, ModuleRef.Current(reader)["in"])) with { Title = $"unbind {producer} from {reader}" },
                true => Bound(SequenceApplication.Consumer(Reader == SequenceApplication.Producers ? Producer : (Reader + 1) % SequenceApplication.Producers)),
                false when node.Status.Instances.Any(i => i.Name == reader) => Bound(reader),
                false => Reconfiguration.Of(
                    new AddModule(ModuleRef.New(reader), node.Status[SequenceApplication.Consumer(0)].Spec),
                    new AddBinding(from, ModuleRef.New(reader)["in"]),
                    new StartModule(ModuleRef.New(reader))) with { Title = $"add {reader}, bound to {producer} as well" },
            };
            return Complete(node, time, node.ReconfigureAsync(change));

            Reconfiguration Bound(string to) => Reconfiguration.Of(new AddBinding(from, ModuleRef.Current(to)["in"])) with { Title = $"bind {producer} to {to} as well" };
        }
    }

    /// <summary>A consumer's queue removed (<c>rmq</c>) without being copied anywhere: what it held is discarded on purpose.</summary>
    public sealed record DropQueue(string Consumer) : RandomChange
    {
        public override IEnumerable<string> Discards(ApplicationStatus before) => [Consumer];

        public override Task RunAsync(Node node, FakeTimeProvider time) =>
            Complete(node, time, node.ReconfigureAsync(Reconfiguration.Of(new RemoveQueue(ModuleRef.Current(Consumer)["in"])) with { Title = $"remove the queue of {Consumer}" }));
    }

    /// <summary>
    /// A plan of primitives as a script builds it, three changes in one transaction: two instances
    /// replaced (one, if they are the same) and a producer's binding moved, all or nothing, when the
    /// producer is idle (DYMOS's <c>when</c>: held still from its quiet moment to the commit). With <paramref name="DiscardBacklog"/>, a consumer
    /// replaced starts with an empty queue, what its old incarnation had queued discarded on purpose.
    /// </summary>
    public sealed record ReplaceTwoAndMoveBinding(string First, string Second, int Producer, int Consumer, bool DiscardBacklog) : RandomChange
    {
        private IEnumerable<string> Replaced => new[] { First, Second }.Distinct(StringComparer.Ordinal);

        private bool Discarded(string instance) => DiscardBacklog && SequenceApplication.IsConsumer(instance);

        public override IEnumerable<string> Discards(ApplicationStatus before) => Replaced.Where(Discarded);

        public override Task RunAsync(Node node, FakeTimeProvider time)
        {
            var plan = new PlanBuilder(node.Status);
            foreach (var instance in Replaced)
            {
                plan.Replace(instance, discardQueues: Discarded(instance));
            }
            var (producer, consumer) = (SequenceApplication.Producer(Producer), SequenceApplication.Consumer(Consumer));
            plan.MoveBinding(producer, consumer);
            return Complete(node, time, node.ReconfigureAsync(plan.Build($"replace {string.Join(" and ", Replaced)}, move a binding of {producer} to {consumer}")
                with { WhenIdle = [producer] }));
        }
    }

    /// <summary>
    /// An instance stopped, its state taken while it is held, and a new incarnation started from that
    /// state in a second transaction (<see cref="StopModule"/>, <see cref="InstallState"/>,
    /// <see cref="StartModule"/>): how an operator moves a module by hand. The state is what the
    /// module divulges, so not the prepared producer's, whose state is its stack.
    /// </summary>
    public sealed record Transplant(string Instance) : RandomChange
    {
        public override async Task RunAsync(Node node, FakeTimeProvider time)
        {
            await Complete(node, time, node.ReconfigureAsync(Reconfiguration.Of(new StopModule(ModuleRef.Current(Instance))) with { Title = $"stop {Instance}" }));
            var state = await Drive.CompleteAsync(node, time, node.InspectStateAsync(Instance), Step);
            await Complete(node, time, node.ReconfigureAsync(new PlanBuilder(node.Status)
                .Replace(Instance, state: (_, @new) => new InstallState(@new, state))
                .Build($"start a new {Instance} from the state the stopped one divulged")));
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
