namespace Midflight.Cluster;

// The steps of a change across nodes, as the coordinating node asks them of each node's actor
// (see Wire.Request). Plain data: specifications travel as the language's text, messages and
// snapshots in Midflight's own MessagePack encodings.

/// <summary>An instance of the application and the node that runs it; with its code when that node is the one asked.</summary>
internal sealed record PlacedInstance(string Name, string Spec, string Node, ShippedCode? Code);

/// <summary>A binding, by its two ends.</summary>
internal sealed record PlacedBinding(string FromInstance, string FromInterface, string ToInstance, string ToInterface);

/// <summary>The application and where each instance runs: a node adds and binds those it runs (not started), and links to the rest.</summary>
internal sealed record ShareStep(PlacedInstance[] Instances, PlacedBinding[] Bindings, string Title, string RequestedBy);

/// <summary>Starts the instances a node was given, once every node has its share.</summary>
internal sealed record StartStep(string[] Instances, string Title, string RequestedBy);

/// <summary>Takes out the instances of a launch that failed on another node.</summary>
internal sealed record DropStep(string[] Instances, string Title, string RequestedBy);

/// <summary>The node an instance runs on gives its code as built (a <see cref="ShippedCode"/>), for a move to send it ahead.</summary>
internal sealed record CodeStep(string Instance);

/// <summary>The code of an instance: its assembly's file name and bytes, and the SHA-256 of the bytes, which the receiver checks.</summary>
internal sealed record ShippedCode(string AssemblyName, byte[] Assembly, string Sha256)
{
    public static ShippedCode Of(Runtime.Loading.ModuleImage image) =>
        new(Path.GetFileName(image.AssemblyPath), image.Bytes, image.Hash);

    /// <summary>The bytes, once their hash is the one sent.</summary>
    /// <exception cref="Runtime.ReconfigurationException">They are not: the code was altered on the way.</exception>
    public byte[] Verified() =>
        Runtime.Loading.ModuleImage.HashOf(Assembly) == Sha256
            ? Assembly
            : throw new Runtime.ReconfigurationException($"the code of '{AssemblyName}' that arrived is not the code that was sent: its SHA-256 differs; it is not loaded");
}

/// <summary>
/// The node an instance moves to takes its reconfiguration lock for the move, learns the application
/// if it did not know it, and loads the instance's code: before the instance stops, not in its pause.
/// It answers where its dock takes the shipment in (a <see cref="DockTicket"/>).
/// </summary>
internal sealed record ExpectStep(string Move, string Instance, string Spec, ShippedCode Code, ShareStep Application);

/// <summary>Where the node an instance moves to takes in its shipment (see <c>Dock</c>), and the ticket that lets it in: the answer to an <see cref="ExpectStep"/>.</summary>
internal sealed record DockTicket(string Host, int Port, byte[] Ticket);

/// <summary>What a connection to a dock sends first: the move whose shipment follows, and its ticket.</summary>
internal sealed record Docking(string Move, byte[] Ticket);

/// <summary>The node an instance moves from stops it at its next reconfiguration point, within the timeout.</summary>
internal sealed record CaptureStep(string Move, string Instance, double TimeoutMs);

/// <summary>Every other node holds its writes to the moving instance and sends a fence to <see cref="Source"/>.</summary>
internal sealed record HoldStep(string Move, string Instance, string Source);

/// <summary>
/// The source ships the instance to <see cref="Target"/>'s <see cref="Dock"/> once the fences of <see cref="FencesFrom"/>
/// are in — straight there, not through the coordinator — and answers a <see cref="ShipResult"/> once the target has it ready.
/// </summary>
internal sealed record ShipStep(string Move, string Instance, string[] FencesFrom, string Target, DockTicket Dock);

/// <summary>The instance is ready at the target: how many frames deep its stack was.</summary>
internal sealed record ShipResult(int Frames);

/// <summary>
/// A shipped instance (see <c>ShippedInstance</c>), for its new node to make ready: what crosses to its
/// dock, with the encoded snapshot beside it, in a frame of its own (a megabyte is not copied into this one).
/// </summary>
internal sealed record ShippedStep(
    string Move, string Name, string Spec, int Frames,
    ShippedQueueData[] Queues, ShippedRepliesData[] Owed, int RequestsInProgress, DivulgedData? Divulged);

/// <summary>The state an instance without reconfiguration points divulged, in place of a snapshot: its names, and its values as one message.</summary>
internal sealed record DivulgedData(string[] Names, byte[] Values);

internal sealed record ShippedQueueData(string Interface, ShippedMessageData[] Messages);

internal sealed record ShippedMessageData(byte[] Message, string? ReplyInstance, string? ReplyInterface);

internal sealed record ShippedRepliesData(string Interface, string[] Instances, string[] Interfaces);

/// <summary>The move is done: the instance runs on <see cref="Target"/> with <see cref="Spec"/>.</summary>
internal sealed record CommitStep(string Move, string Instance, string Spec, string Target);

/// <summary>The move is given up: the instance goes on at <see cref="Source"/>, where it was.</summary>
internal sealed record AbortStep(string Move, string Instance, string Source);

/// <summary>A reconfiguration of instances one node runs, for that node to carry out: PODUS's sites, updated independently.</summary>
internal sealed record SiteStep(string Title, string RequestedBy, double? TimeoutMs, string[] WhenIdle, StepData[] Steps);

/// <summary>
/// One primitive of a <see cref="SiteStep"/>: its kind (add, delete, bind, unbind, copy, rmq, move,
/// start, stop), the module or endpoint it acts on, and the other end where it has one.
/// </summary>
internal sealed record StepData(
    string Kind, string Module, bool IsNew, string? Interface, string? Other, bool OtherIsNew, string? OtherInterface, string? Spec, ShippedCode? Code, bool Flag);

/// <summary>What a node answers a change it carried out: as a <c>ReconfigurationResult</c>, with the specifications its instances run now.</summary>
internal sealed record ResultData(int Steps, double DurationMs, double PausedMs, string[] Moved, int[] Frames, string[] Instances, string[] Specs);

/// <summary>The node an instance runs on rolls back its last update (see <c>Node.RollbackAsync</c>).</summary>
internal sealed record RollbackStep(string Instance, string RequestedBy, bool FromSnapshot);

/// <summary>The node an instance runs on captures its state at its next point, and gives the encoded snapshot.</summary>
internal sealed record CaptureStateStep(string Instance);

/// <summary>Every other node learns the specification an instance runs now, on the node that runs it: after a change there.</summary>
internal sealed record RespecStep(string Node, string[] Instances, string[] Specs);
