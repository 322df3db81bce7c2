using Akka.Actor;
using Midflight.Model;
using Midflight.Runtime.Bus;
using Envelope = Midflight.Runtime.Bus.Envelope;
using Inbox = Midflight.Runtime.Bus.Inbox;

namespace Midflight.Cluster;

/// <summary>
/// Where this node sends what is written to one instance of the application: to its queues here, to
/// the node that hosts it, nowhere yet (held, while it moves), or nowhere at all (lost with its node).
/// Every write to the instance from this node passes through here in order, under one lock, so a
/// switch — a fence sent, held writes let go to the new place — falls between two writes, never in one.
/// </summary>
/// <remarks>
/// Akka keeps the order of the messages one node sends another; a move keeps it for each binding on
/// top of that. While an instance moves, every node holds its writes to it and sends a fence down its
/// link to the old place; the old place ships the instance once every fence has arrived, that is, once
/// every message written before is in its queues; the held writes go to the new place after the
/// commit, behind the shipped queues.
/// </remarks>
internal sealed class Route(string instance, Func<Endpoint, InterfaceQueue?> hosted, Action<string, string, Message> discarded)
{
    private readonly Lock _gate = new();
    private readonly List<(Endpoint To, Envelope Envelope)> _held = [];
    private IActorRef? _remote; // the node's actor that hosts it, when another node does
    private State _state = State.Here;
    private string? _lostWith;

    private enum State
    {
        Here,
        Remote,
        Holding,
        Lost,
    }

    public string Instance { get; } = instance;

    /// <summary>Sends a write on: to the queue here (returned, if full, for the writer to wait at), to the hosting node, or into the hold.</summary>
    /// <param name="to">The interface written to.</param>
    /// <param name="envelope">The message, and where its reply goes.</param>
    /// <param name="overCapacity">Whether it goes into a full queue here: it came from another node, whose writer cannot wait.</param>
    /// <exception cref="MessageRefusedException">The instance is lost, and the write is a request, whose writer would wait for ever for the reply.</exception>
    public InterfaceQueue? Send(Endpoint to, in Envelope envelope, bool overCapacity)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case State.Here:
                    return hosted(to) is { } queue ? queue.TryEnqueue(envelope, overCapacity) : Drop(to, envelope);
                case State.Remote:
                    _remote!.Tell(Wire.Deliver(to, envelope.Message, envelope.ReplyTo?.Endpoint), ActorRefs.NoSender);
                    return null;
                case State.Holding:
                    _held.Add((to, envelope));
                    return null;
                default:
                    if (envelope.ReplyTo is not null)
                    {
                        throw new MessageRefusedException($"'{to}' was lost with node '{_lostWith}', which left the cluster: the request was not sent");
                    }
                    return Drop(to, envelope);
            }
        }
    }

    private InterfaceQueue? Drop(Endpoint to, in Envelope envelope)
    {
        discarded(Instance, to.Interface, envelope.Message);
        return null;
    }

    /// <summary>The instance runs here: writes go to its queues.</summary>
    public void ToHere() => Switch(State.Here, null, flush: (to, envelope) => hosted(to)?.TryEnqueue(envelope, overCapacity: true));

    /// <summary>The instance runs on the node of <paramref name="actor"/>: writes go there.</summary>
    public void ToRemote(IActorRef actor) =>
        Switch(State.Remote, actor, flush: (to, envelope) => actor.Tell(Wire.Deliver(to, envelope.Message, envelope.ReplyTo?.Endpoint), ActorRefs.NoSender));

    /// <summary>Holds the writes to the instance, which is moving, and then does <paramref name="then"/> — sends the fence — before any other write.</summary>
    public void Hold(Action? then = null)
    {
        lock (_gate)
        {
            _state = State.Holding;
            then?.Invoke();
        }
    }

    /// <summary>The instance is lost with <paramref name="node"/>: writes to it are refused, and what was held is dropped.</summary>
    public void Lose(string node)
    {
        lock (_gate)
        {
            _state = State.Lost;
            _lostWith = node;
            foreach (var (to, envelope) in _held)
            {
                discarded(Instance, to.Interface, envelope.Message);
            }
            _held.Clear();
        }
    }

        private void Switch(State state, IActorRef? remote, Action<Endpoint, Envelope> flush)
    {
        lock (_gate)
        {
            foreach (var (to, envelope) in _held)
            {
                flush(to, envelope);
            }
            _held.Clear();
            _state = state;
            _remote = remote;
        }
    }
}
