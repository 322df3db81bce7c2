using Akka.Actor;

namespace Midflight.Benchmarks.Cluster;

/// <summary>The raw baseline of a move's shipment, in the child: answers every byte array it is asked with its length.</summary>
internal sealed class AcknowledgingActor : ReceiveActor
{
    public const string Name = "acknowledger";

    public AcknowledgingActor() => Receive<byte[]>(payload => Sender.Tell((long)payload.Length));
}
