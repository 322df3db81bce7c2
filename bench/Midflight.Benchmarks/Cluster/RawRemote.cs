using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Midflight.Cluster;

namespace Midflight.Benchmarks.Cluster;

/// <summary>
/// The baselines: a plain Akka.Remote actor system in each process, apart from the cluster's, with the
/// same transport settings as a cluster node's; the parent tells byte arrays to a <see cref="CountingActor"/>
/// in the child, and asks an <see cref="AcknowledgingActor"/> there with one as large as a move ships.
/// </summary>
internal sealed class RawRemote : IAsyncDisposable
{
    private const string SystemName = "raw";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private readonly ActorSystem _system;
    private readonly IActorRef _counter;
    private readonly IActorRef _acknowledger;

    private RawRemote(ActorSystem system, IActorRef counter, IActorRef acknowledger)
    {
        _system = system;
        _counter = counter;
        _acknowledger = acknowledger;
    }

    /// <summary>The child's side: an actor system with the counter and the acknowledger, listening on a port of the system's choice.</summary>
    /// <returns>The system, and the port it listens on.</returns>
    public static (ActorSystem System, int Port) Serve()
    {
        var system = Start();
        system.ActorOf(Props.Create<CountingActor>(), CountingActor.Name);
        system.ActorOf(Props.Create<AcknowledgingActor>(), AcknowledgingActor.Name);
        return (system, ((ExtendedActorSystem)system).Provider.DefaultAddress.Port!.Value);
    }

    /// <summary>The parent's side: an actor system of its own, and the child's actors at <paramref name="port"/>.</summary>
    public static async Task<RawRemote> ConnectAsync(int port)
    {
        var system = Start();
        try
        {
            Task<IActorRef> Resolve(string name) => system.ActorSelection($"akka.tcp://{SystemName}@127.0.0.1:{port}/user/{name}").ResolveOne(Timeout);
            return new RawRemote(system, await Resolve(CountingActor.Name), await Resolve(AcknowledgingActor.Name));
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>Tells the counter <paramref name="frame"/> <paramref name="count"/> times, and waits until it has them all.</summary>
    /// <returns>The time from the first send to the counter's answer.</returns>
    public async Task<TimeSpan> SendAsync(byte[] frame, int count)
    {
        var started = Stopwatch.GetTimestamp();
        var counted = _counter.Ask<long>((long)count, Timeout);
        for (var i = 0; i < count; i++)
        {
            _counter.Tell(frame, ActorRefs.NoSender);
        }
        var received = await counted;
        var elapsed = Stopwatch.GetElapsedTime(started);
        return received == count ? elapsed : throw new InvalidOperationException($"the counter received {received} frames, not {count}");
    }

    /// <summary>Asks the acknowledger with <paramref name="payload"/>: what carrying it across costs, as a move's shipment crosses once.</summary>
    /// <returns>The time from the ask to the answer.</returns>
    public async Task<TimeSpan> CarryAsync(byte[] payload)
    {
        var started = Stopwatch.GetTimestamp();
        var acknowledged = await _acknowledger.Ask<long>(payload, Timeout);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return acknowledged == payload.Length ? elapsed : throw new InvalidOperationException($"the acknowledger received {acknowledged} bytes, not {payload.Length}");
    }

    private static ActorSystem Start() => ActorSystem.Create(SystemName, ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = ERROR
          stdout-loglevel = ERROR
          actor.provider = remote
          remote.dot-netty.tcp {
            hostname = "127.0.0.1"
            port = 0
            maximum-frame-size = {{AkkaSettings.MaximumFrameSize}}b
            send-buffer-size = {{AkkaSettings.MaximumFrameSize}}b
            receive-buffer-size = {{AkkaSettings.MaximumFrameSize}}b
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """));

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
