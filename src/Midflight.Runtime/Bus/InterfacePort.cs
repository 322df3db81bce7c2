using Midflight.Model;

namespace Midflight.Runtime.Bus;

/// <summary>
/// One interface of one module instance as the bus holds it: the queue it reads (use, server, and a
/// client's replies) and the queues it writes to (define, client).
/// </summary>
internal sealed class InterfacePort
{
    /// <param name="endpoint">The instance and interface.</param>
    /// <param name="spec">The interface as the instance's specification declares it.</param>
    /// <param name="reader">The owning module's doorbell, rung by a write to its queue.</param>
    /// <param name="adapters">The adapters the module's version declares.</param>
    /// <param name="defaultCapacity">The capacity of a use or server interface's queue that its specification does not bound.</param>
    /// <param name="owner">The owning module, whose status tells writers held at its full queue why they wait.</param>
    /// <param name="tracer">Told of the messages the queue discards.</param>
    /// <param name="metrics">Where its messages are counted for the meter, with the instance's other incarnations; null for counts of its own.</param>
    public InterfacePort(Endpoint endpoint, InterfaceSpec spec, Doorbell reader, Updates.InterfaceAdapters adapters, int defaultCapacity, IQueueReader owner, IBusTracer? tracer,
        Telemetry.NodeMetrics? metrics = null)
    {
        _metrics = metrics;
        Endpoint = endpoint;
        Spec = spec;
        // What a module reads: use and server requests, client replies. What it writes: define and client requests, server replies.
        AdaptRead = adapters.For(spec.Name, replies: spec.Kind == InterfaceKind.Client);
        AdaptWrite = spec.Kind is InterfaceKind.Define or InterfaceKind.Client or InterfaceKind.Server
            ? adapters.For(spec.Name, replies: spec.Kind == InterfaceKind.Server)
            : null;
        Queue = spec.Incoming is null ? null
            : new InterfaceQueue(endpoint, reader, spec.IsBounded ? spec.Capacity ?? defaultCapacity : int.MaxValue, owner, tracer);
        Outgoing = spec.Outgoing is { } sent ? new MessageShape(sent) : null;
        WaitDescription = $"read '{spec.Name}'";
    }

    public Endpoint Endpoint { get; }

    public InterfaceSpec Spec { get; }

    public InterfaceQueue? Queue { get; }

    /// <summary>The adapter from the bus's pattern to the module's for what it reads, where its version declares one.</summary>
    public Func<Message, Message>? AdaptRead { get; }

    /// <summary>The adapter from the module's pattern to the bus's for what it writes, where its version declares one.</summary>
    public Func<Message, Message>? AdaptWrite { get; }

    /// <summary>What this interface may write (define and client: the pattern; server: the returns), or null if it writes nothing.</summary>
    public MessageShape? Outgoing { get; }

    /// <summary>
    /// The queues a write goes to. Replaced whole by a reconfiguration's commit (never mutated), so a
    /// writer sees either the old set or the new one; retirement forwarding covers a writer holding the old.
    /// </summary>
    public Inbox[] Targets
    {
        get => Volatile.Read(ref _targets);
        set => Volatile.Write(ref _targets, value);
    }

    private Inbox[] _targets = [];

    /// <summary>A server's requests read and not yet answered, oldest first: where each reply goes. Module thread only; made when first used.</summary>
    public Queue<Inbox> RepliesOwed => _repliesOwed ??= new();

    /// <summary>How many replies it owes: looking makes no queue.</summary>
    public int RepliesOwedCount => _repliesOwed?.Count ?? 0;

    private Queue<Inbox>? _repliesOwed;

    public string WaitDescription { get; }

    /// <summary>What ends its module's wait to read it; made by the module's host at the first such wait.</summary>
    public Func<bool>? ReadyToRead { get; set; }

    /// <summary>Why the replies a client interface waits for will not come: its server was lost with its node. Null while they may.</summary>
    public string? Unanswerable
    {
        get => Volatile.Read(ref _unanswerable);
        set => Volatile.Write(ref _unanswerable, value);
    }

    private string? _unanswerable;

    /// <summary>
    /// What this interface has sent, taken and had refused, across the instance's incarnations; counted
    /// by the owning module's thread. Made at its first count: an idle module's ports count nothing,
    /// and their counts' bytes, times a hundred thousand, are not spent.
    /// </summary>
    public Telemetry.PortCounts Counts => _counts ??= _metrics?.CountsOf(Endpoint.Instance, Spec.Name) ?? new Telemetry.PortCounts();

    /// <summary>The counts so far, as status shows them: none are made for a port that has counted nothing.</summary>
    public MessageCounts CountedSoFar => (_counts ?? _metrics?.CountedOf(Endpoint.Instance, Spec.Name)) is { } counts
        ? new MessageCounts(counts.Sent, counts.Taken, counts.Refused)
        : new MessageCounts(0, 0, 0);

    private readonly Telemetry.NodeMetrics? _metrics;
    private Telemetry.PortCounts? _counts;

    /// <summary>A message the module reads, as its version's pattern has it.</summary>
    public Message Inbound(in Message message) => AdaptRead is { } adapt ? adapt(message) : message;

    /// <summary>A message the module writes, as the bus carries it: adapted to the bus's pattern and checked against it.</summary>
    /// <exception cref="MessageRefusedException">The interface cannot send, or the message does not match its pattern.</exception>
    public Message Outbound(in Message message)
    {
        var sent = AdaptWrite is { } adapt ? adapt(message) : message;
        var shape = Outgoing ?? throw Refusing($"'{Endpoint}' is a {Spec.Kind.Keyword()} interface: it receives and cannot send");
        return shape.Accepts(sent) ? sent : throw Refusing(
            $"message {sent} written on '{Endpoint}' does not match its {(Spec.Kind == InterfaceKind.Server ? "returns " : "")}pattern {shape}; nothing was delivered");
    }

    /// <summary>The refusal of a reply written on a server interface that has no request to answer.</summary>
    public MessageRefusedException NoRequestToAnswer() =>
        Refusing($"server interface '{Endpoint}' has no request to answer: read one before writing the reply");

    /// <summary>A write on this interface refused, and counted: on the module's thread, which throws it.</summary>
    public MessageRefusedException Refusing(string why)
    {
        Counts.CountRefused();
        return new MessageRefusedException(why);
    }

    /// <summary>This port, if the module can read it.</summary>
    /// <exception cref="InvalidOperationException">It is an interface that only sends.</exception>
    public InterfacePort Readable() => Queue is not null
        ? this
        : throw new InvalidOperationException($"'{Endpoint}' is a {Spec.Kind.Keyword()} interface: it sends and cannot be read");

    /// <summary>The port of <paramref name="instance"/>'s interface <paramref name="interfaceName"/>.</summary>
    /// <exception cref="ArgumentException">Its module has no such interface.</exception>
    public static InterfacePort Find(IReadOnlyDictionary<string, InterfacePort> ports, ModuleSpec spec, string instance, string interfaceName) =>
        ports.TryGetValue(interfaceName, out var port)
            ? port
            : throw new ArgumentException(
                $"module '{spec.Name}' (instance '{instance}') has no interface '{interfaceName}'; it has: {string.Join(", ", ports.Keys)}",
                nameof(interfaceName));
}
