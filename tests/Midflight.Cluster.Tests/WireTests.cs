using CsCheck;
using Midflight.Model;
using Midflight.Testing;

namespace Midflight.Cluster.Tests;

/// <summary>What one node writes to another's instance arrives as it was written, and a frame that is not one is refused with what it is.</summary>
public sealed class WireTests
{
    private static readonly Gen<string> Strings = Gen.OneOf(Gen.String, Gen.Char.Array[0, 4].Select(c => new string(c)), Gen.Const("\ud800 lone"));

    private static readonly Gen<Value> Scalars = Gen.OneOf(
        Gen.Long.Select(Value.Integer),
        Gen.Double.Select(Value.Float),
        Gen.Bool.Select(Value.Boolean),
        Strings.Select(Value.String));

    private static readonly Gen<Value> Values = Gen.Recursive<Value>((depth, values) =>
        depth >= 3 ? Scalars : Gen.Frequency((4, Scalars), (1, values.Array[0, 4].Select(items => Value.List(items)))));

    private static readonly Gen<Message> Messages = Gen.OneOf(
        Values.Select(Message.Of),
        Values.Array[0, 6].Select(values => Message.Of(values)));

    [Fact]
    public void A_message_arrives_as_it_was_written_with_the_interface_its_reply_goes_to()
    {
        Gen.Select(Messages, Gen.Bool).SamplePinned(sample =>
        {
            var (message, request) = sample;
            Endpoint? replyTo = request ? new Endpoint("display", "temper") : null;
            var frame = Wire.Deliver(new Endpoint("compute", "sensor"), message, replyTo);
            Assert.Equal(Wire.DeliverKind, Wire.KindOf(frame));
            var (to, arrived, reply) = Wire.ReadDeliver(frame);
            Assert.Equal(new Endpoint("compute", "sensor"), to);
            Assert.Equal(message, arrived);
            Assert.Equal(replyTo, reply);
        }, seed: "0N0XIzNsQ0O2", iter: 2000);
    }

    [Fact]
    public void A_frame_that_is_not_one_is_refused_saying_what_it_is()
    {
        var notMessagePack = Assert.Throws<WireFormatException>(() => Wire.KindOf([0xc1, 0x00]));
        Assert.Contains("a frame of 2 bytes is not a Midflight frame", notMessagePack.Message, StringComparison.Ordinal);

        var frame = Wire.Deliver(new Endpoint("compute", "sensor"), Message.Of(Value.Integer(7)), null);
        var cut = Assert.Throws<WireFormatException>(() => Wire.ReadDeliver(frame[..^1]));
        Assert.Contains($"a message frame of {frame.Length - 1} bytes is malformed", cut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_names_the_cluster_and_a_short_one_is_refused()
    {
        Assert.Equal(ClusterSecret.SystemName("a secret of some length"), ClusterSecret.SystemName("a secret of some length"));
        Assert.NotEqual(ClusterSecret.SystemName("a secret of some length"), ClusterSecret.SystemName("another secret, as long"));
        Assert.DoesNotContain("secret", ClusterSecret.SystemName("a secret of some length"), StringComparison.Ordinal);
        var tooShort = Assert.Throws<ArgumentException>(() => ClusterSecret.SystemName("short"));
        Assert.Contains("the cluster secret has 5 characters; it needs at least 16", tooShort.Message, StringComparison.Ordinal);
    }
}
