using System.Diagnostics;
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
    private ObjectGraphWriter? _writer;
    private Queue<Frame>? _restoring; // outermost first, as the stack is built again
    private bool _isRestoring; // tested at the entry of every prepared method: one load
    private readonly ModuleBase? _module; // null for the inert context

    internal CaptureContext(ModuleBase? module) => _module = module;
    private ObjectGraphReader? _reader;

    /// <summary>
    /// The context of code that runs outside a module's stack (a prepared method called from a lambda,
    /// say): it is never asked to capture and never restores, so that code runs as if unprepared.
    /// Immutable in effect: the node requests capture only of a module instance's own context.
    /// </summary>
    public static CaptureContext Inert { get; } = new(null);

    /// <summary>Whether a reconfiguration waits for this module at its next point.</summary>
    public bool IsRequested => _requested;

    /// <summary>Whether the stack is unwinding for a capture: every prepared call site tests this after its call returns.</summary>
    public bool IsCapturing => _writer is not null;

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
        // The module stops here: it runs again only if restored from the snapshot, so its arrays need no copies.
        _writer ??= new ObjectGraphWriter(_module!) { BorrowsNumbers = true };
        _captured ??= [];
        _pointSite = 0;
        var frame = new FrameCapture(method, site, _writer);
        _captured.Add(frame);
        return frame;
    }

    /// <summary>Takes the next frame to restore, which must be one of <paramref name="method"/>.</summary>
    /// <exception cref="StateCaptureException">The snapshot's next frame is of another method: it does not fit this code.</exception>
    public FrameRestore Resume(string method)
    {
        Debug.Assert(_restoring is not null && _reader is not null, "Resume is called only while IsRestoring");
        var frame = _restoring.Dequeue();
        _isRestoring = _restoring.Count > 0;
        if (frame.Method != method)
        {
            throw new StateCaptureException($"the snapshot's next frame is in '{frame.Method}', but the code resumes '{method}': the snapshot does not fit this version of the module");
        }
        return new FrameRestore(frame, _reader);
    }

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

    /// <summary>Drops a capture that failed half-way.</summary>
    internal void Discard() => (_writer, _captured, _requested) = (null, null, false);

    /// <summary>After the module's run has returned from a capture: its snapshot, fields and heap included. The context is clear again.</summary>
    internal Snapshot TakeSnapshot(ModuleBase module, string moduleName)
    {
        Debug.Assert(_writer is not null && _captured is not null, "a capture happened");
        var fields = _writer.FieldsOf(module, module.GetType(), typeof(ModuleBase));
        var frames = Enumerable.Reverse(_captured).Select(c => c.ToFrame()).ToEquatableArray();
        var snapshot = new Snapshot(moduleName, frames, fields, _writer.Heap, []);
        (_writer, _captured, _requested) = (null, null, false);
        return snapshot;
    }

    /// <summary>
    /// Before the module's run starts: sets its fields from <paramref name="snapshot"/> and queues its
    /// frames to restore. With <paramref name="handOver"/>, the module takes the snapshot's arrays of
    /// numbers as its own (see <see cref="ObjectGraphReader.HandsOverNumbers"/>).
    /// </summary>
    /// <exception cref="StateCaptureException">The snapshot does not fit the module's code.</exception>
    internal void BeginRestore(ModuleBase module, Snapshot snapshot, bool handOver)
    {
        var reader = new ObjectGraphReader(snapshot.Heap, [module.GetType().Assembly], module) { HandsOverNumbers = handOver };
        StateMappers.SetFields(module, snapshot.Fields, snapshot.Heap, reader);
        _reader = reader;
        _restoring = new Queue<Frame>(snapshot.Frames);
        _isRestoring = _restoring.Count > 0;
    }
}
