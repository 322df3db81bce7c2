using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Midflight.Model;
using Midflight.State;
using Midflight.State.Graph;

namespace Midflight;

/// <summary>
/// What a prepared module's participation code talks to: whether a reconfiguration waits for this
/// module at its next reconfiguration point, the frames captured while its stack unwinds, and the
/// frames a new instance restores while its stack is built again. The build generates every call to
/// it; module authors do not write them.
/// </summary>
/// <remarks>
/// Only <see cref="IsRequested"/> is touched by two threads: the node sets it, the module reads it at
/// its points. Everything else belongs to the module's own flow of control: capture happens on the
/// way out of its stack, restore on the way back in, and in between the module is not running.
/// </remarks>
public sealed class CaptureContext
{
    private volatile bool _requested;
    private int _pointSite; // the module's own thread only
    private List<FrameCapture>? _captured; // innermost first, as the stack unwinds
    private Queue<LiveFrame>? _restoring; // outermost first, as the stack is built again
    private bool _isRestoring; // tested at the entry of every prepared method: one load

    internal CaptureContext()
    {
    }

    /// <summary>
    /// The context of code that runs outside a module's stack (a prepared method called from a lambda,
    /// say): it is never asked to capture and never restores, so that code runs as if unprepared.
    /// Immutable in effect: the node requests capture only of a module instance's own context.
    /// </summary>
    public static CaptureContext Inert { get; } = new();

    /// <summary>Whether a reconfiguration waits for this module at its next point.</summary>
    public bool IsRequested => _requested;

    /// <summary>Whether the stack is unwinding for a capture: every prepared call site tests this after its call returns.</summary>
    public bool IsCapturing => _captured is not null;

    /// <summary>Whether frames remain to be restored: every prepared method tests this on entry.</summary>
    public bool IsRestoring => _isRestoring;

    /// <summary>The point the module stands at, in the statement it labels, or 0: read on the module's own thread, to make a read there interruptible.</summary>
    public int PointSite => _pointSite;

    /// <summary>
    /// At reconfiguration point <paramref name="site"/>: true if the module must capture here now;
    /// otherwise marks the module as standing at the point until <see cref="PassedPoint"/>. A request
    /// that comes after the test still interrupts the statement's read: the node sets the flag, then
    /// rings the module's doorbell, whose wait tests the flag and the mark again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AtPoint(int site)
    {
        if (_requested)
        {
            return true;
        }
        _pointSite = site;
        return false;
    }

    /// <summary>The statement a point labels has finished, or left by an exception or a jump.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PassedPoint() => _pointSite = 0;

    /// <summary>Starts the frame of <paramref name="method"/> at resume site <paramref name="site"/>: the innermost at a point, then one per frame as the stack unwinds.</summary>
    public FrameCapture Capture(string method, int site)
    {
        _captured ??= [];
        _pointSite = 0;
        var frame = new FrameCapture(method, site);
        _captured.Add(frame);
        return frame;
    }

    /// <summary>Takes the next frame to restore, which must be one of <paramref name="method"/>.</summary>
    /// <exception cref="StateCaptureException">The snapshot's next frame is of another method: it does not fit this code.</exception>
    public FrameRestore Resume(string method)
    {
        Debug.Assert(_restoring is not null, "Resume is called only while IsRestoring");
        var frame = _restoring.Dequeue();
        _isRestoring = _restoring.Count > 0;
        if (frame.Method != method)
        {
            throw new StateCaptureException($"the snapshot's next frame is in '{frame.Method}', but the code resumes '{method}': the snapshot does not fit this version of the module");
        }
        return new FrameRestore(frame);
    }

    /// <summary>
    /// How many elements a <c>foreach</c> over a .NET collection has to skip when it enumerates the
    /// restored collection again to resume, captured as the stack unwinds: the count it has taken, or
    /// for a dictionary or hash set its place among the live entries, which holds even if entries were
    /// removed during the loop.
    /// </summary>
    public static int Taken(int taken, object? enumerator) => CollectionEnumerators.LiveBefore(enumerator) ?? taken;

    // ----- The node's side -----

    internal void Request()
    {
        _requested = true;
    }

    /// <summary>Withdraws a request the module has not yet acted on; false if it has already captured.</summary>
    internal bool Withdraw()
    {
        _requested = false;
        return !IsCapturing;
    }

    /// <summary>Drops a capture that failed half-way: the stack unwound by an exception, not by the capture.</summary>
    internal void Discard() => (_captured, _requested) = (null, false);

    /// <summary>
    /// The module's state as a snapshot: the stack its run unwound from at a point, its fields, and the
    /// heap they reach; for a module whose run has ended, its fields alone. The captured stack stays
    /// held, so that the module can still be given it back (<see cref="ResumeOwnStack"/>).
    /// </summary>
    /// <param name="module">The module this context belongs to.</param>
    /// <param name="moduleName">The module's name in its specification.</param>
    /// <param name="borrow">
    /// Whether the snapshot takes the module's arrays of numbers as they are rather than copies: for a
    /// module that runs again only from this snapshot, or from its own stack once the snapshot is dropped.
    /// </param>
    /// <exception cref="StateCaptureException">A value cannot be put in a snapshot; the message names the field, or the frame and variable, and the way to it.</exception>
    /// <param name="carry">
    /// Whether the fields that hold lazily converted objects (<see cref="Versioned"/>) in a type of no
    /// version go by reference (<see cref="Snapshot.Carried"/>), not walked: for a new instance in this
    /// process, whatever their size.
    /// </param>
    /// <param name="workers">The module's workers, whose stacks the snapshot holds beside its run's.</param>
    internal Snapshot TakeSnapshot(ModuleBase module, string moduleName, bool borrow = true, bool carry = false, IReadOnlyList<WorkerThread>? workers = null)
    {
        var writer = new ObjectGraphWriter(module) { BorrowsNumbers = borrow };
        var carried = carry ? Carried(module.GetType()) : [];
        var fields = writer.FieldsOf(module, module.GetType(), typeof(ModuleBase), carried.Keys.ToHashSet(StringComparer.Ordinal));
        if (module.Procedures?.AddedFields is { Count: > 0 } added)
        {
            // Fields procedure updates added are the instance's fields too: a module update carries them.
            // A field a mapper converted is its box now, not the class's field, which no code reads any more.
            fields = fields.Where(f => !added.Any(a => a.Name == f.Name))
                .Concat(added.Select(a => writer.Slot(a.Name, a.Type, a.Value))).ToEquatableArray();
        }
        var frames = FramesOf(writer);
        var stacks = (workers ?? []).Select(w => new WorkerStack(w.Name, w.Context.FramesOf(writer, $"worker '{w.Name}', "))).ToEquatableArray();
        var snapshot = new Snapshot(moduleName, frames, fields, writer.Heap, []) { Workers = stacks };
        return carried.Count == 0 ? snapshot : snapshot with { Carried = carried.ToDictionary(c => c.Key, c => c.Value.GetValue(module), StringComparer.Ordinal) };
    }

    /// <summary>The stack this context captured, outermost first, its variables written by <paramref name="writer"/>; none if it captured nothing.</summary>
    private EquatableArray<Frame> FramesOf(ObjectGraphWriter writer, string whose = "")
    {
        var frames = new List<Frame>();
        foreach (var frame in Enumerable.Reverse(_captured ?? []).Select(c => c.ToFrame()))
        {
            var variables = new List<Slot>(frame.Variables.Count);
            foreach (var variable in frame.Variables)
            {
                try
                {
                    variables.Add(writer.Slot(variable.Name, variable.Declared, variable.Value));
                }
                catch (StateCaptureException exception)
                {
                    throw exception.Within($"{whose}frame '{frame.Method}' (site {frame.Site}), variable '{variable.Name}'");
                }
            }
            frames.Add(new Frame(frame.Method, frame.Site, variables.ToEquatableArray()));
        }
        return frames.ToEquatableArray();
    }

    /// <summary>
    /// The fields of <paramref name="type"/> that an update can hand over as they are: those whose type
    /// mentions <see cref="Versioned"/> and nothing of any module version's code, so that it is the same
    /// type in the new version.
    /// </summary>
    private static Dictionary<string, FieldInfo> Carried(Type type) =>
        StateShape.FieldsOf(type, typeof(ModuleBase))
            .Where(f => Mentions(f.Field.FieldType, typeof(Versioned)) && OfNoVersion(f.Field.FieldType))
            .ToDictionary(f => f.Name, f => f.Field, StringComparer.Ordinal);

    private static bool Mentions(Type type, Type mentioned) =>
        type == mentioned
        || (type.HasElementType && Mentions(type.GetElementType()!, mentioned))
        || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, mentioned)));

    private static bool OfNoVersion(Type type) =>
        !type.Assembly.IsCollectible
        && (!type.HasElementType || OfNoVersion(type.GetElementType()!))
        && (!type.IsGenericType || type.GetGenericArguments().All(OfNoVersion));

    /// <summary>The fields handed over as they are: each must be declared again, of the very same type.</summary>
    private static void TakeCarried(ModuleBase module, IReadOnlyDictionary<string, object?> carried)
    {
        var fields = StateShape.FieldsOf(module.GetType(), typeof(ModuleBase)).ToDictionary(f => f.Name, f => f.Field, StringComparer.Ordinal);
        foreach (var (name, value) in carried)
        {
            if (!fields.TryGetValue(name, out var field) || (value is not null && !field.FieldType.IsInstanceOfType(value)))
            {
                throw new StateCaptureException($"field '{name}' holds lazily converted objects, handed over as they are, and the new version must declare it again of the same type ({value?.GetType().Name ?? "its type"})");
            }
            field.SetValue(module, value);
        }
    }

    /// <summary>
    /// Gives the module back the stack it unwound at its point, its very objects, so that its run,
    /// started again, goes on as if it had not stopped. Its fields are its own already.
    /// </summary>
    internal void ResumeOwnStack()
    {
        if (_captured is null)
        {
            // A worker whose run had ended, or that a withdrawn request never reached: nothing to give back.
            _requested = false;
            return;
        }
        _restoring = new Queue<LiveFrame>(Enumerable.Reverse(_captured).Select(c => c.ToFrame()));
        _isRestoring = _restoring.Count > 0;
        (_captured, _requested) = (null, false);
    }

    /// <summary>
    /// Before the module's run starts: sets its fields from <paramref name="snapshot"/> and makes its
    /// frames into the objects they hold, to restore. Every value is read here, before the run, so a
    /// snapshot that does not fit — a type the code cannot resolve, a value of the wrong shape — is
    /// refused now, while the reconfiguration can still be abandoned. With <paramref name="handOver"/>,
    /// the module takes the snapshot's arrays of numbers as its own (see <see cref="ObjectGraphReader.HandsOverNumbers"/>).
    /// </summary>
    /// <exception cref="StateCaptureException">The snapshot does not fit the module's code.</exception>
    /// <param name="module">The module this context belongs to.</param>
    /// <param name="snapshot">The state to resume.</param>
    /// <param name="handOver">Whether the module takes the snapshot's arrays of numbers as its own.</param>
    /// <param name="workers">The new instance's workers, by name: each restores its stack from the snapshot, or starts afresh if the snapshot holds none for it.</param>
    internal void BeginRestore(ModuleBase module, Snapshot snapshot, bool handOver, IReadOnlyDictionary<string, WorkerThread>? workers = null)
    {
        var reader = new ObjectGraphReader(snapshot.Heap, [module.GetType().Assembly], module) { HandsOverNumbers = handOver };
        StateMappers.SetFields(module, snapshot.Fields, snapshot.Heap, reader);
        if (snapshot.Carried.Count > 0)
        {
            TakeCarried(module, snapshot.Carried);
        }
        Restore(reader, snapshot.Frames, "");
        foreach (var stack in snapshot.Workers)
        {
            if (workers?.GetValueOrDefault(stack.Worker) is not { } worker)
            {
                throw new StateCaptureException(
                    $"the snapshot holds the stack of worker '{stack.Worker}', which this version does not declare{(workers is { Count: > 0 } ? $" (it declares {string.Join(", ", workers.Keys)})" : "")}: the worker's [Worker] method must be there, with as many workers");
            }
            worker.Context.Restore(reader, stack.Frames, $"worker '{stack.Worker}', ");
        }
    }

    /// <summary>Makes <paramref name="stack"/>'s frames into the objects they hold, to restore.</summary>
    private void Restore(ObjectGraphReader reader, EquatableArray<Frame> stack, string whose)
    {
        var frames = new Queue<LiveFrame>(stack.Count);
        foreach (var frame in stack)
        {
            var variables = new LiveVariable[frame.Variables.Count];
            for (var i = 0; i < variables.Length; i++)
            {
                var slot = frame.Variables[i];
                try
                {
                    var type = reader.TypeNamed(slot.Type)
                        ?? throw new StateCaptureException($"its type '{slot.Type}' is in neither the new code nor any assembly it references");
                    variables[i] = new LiveVariable(slot.Name, type, reader.Read(slot.Value, type));
                }
                catch (StateCaptureException exception)
                {
                    throw exception.Within($"{whose}frame '{frame.Method}' (site {frame.ResumeSite}), variable '{slot.Name}'");
                }
            }
            frames.Enqueue(new LiveFrame(frame.Method, frame.ResumeSite, variables));
        }
        _restoring = frames;
        _isRestoring = frames.Count > 0;
    }
}
