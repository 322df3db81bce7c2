using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using MessagePack;
using MessagePack.Resolvers;
using Midflight.Model;

namespace Midflight.Cluster;

/// <summary>
/// What nodes send each other, as MessagePack byte arrays (which Akka carries as they are, with its
/// byte-array serializer). A frame is an array whose first item says what it is: a message written
/// on a binding (<see cref="Deliver"/>), the fence of a move (<see cref="Fence"/>), or a step of a
/// change across nodes and its answer (<see cref="Request"/>, <see cref="Reply"/>).
/// </summary>
/// <remarks>
/// A message is an array of values: integers, floats, booleans and strings as MessagePack's own, a
/// list as an array. A string that is not well-formed UTF-16 (a lone surrogate, which UTF-8 cannot
/// carry) is extension type <see cref="Utf16Extension"/> with its UTF-16 code units, so it arrives exactly.
/// </remarks>
internal static class Wire
{
    public const int DeliverKind = 0;
    public const int FenceKind = 1;
    public const int RequestKind = 2;
    public const int ReplyKind = 3;
    private const sbyte Utf16Extension = 2;
    private const int MaximumDepth = 64;

    private static readonly MessagePackSerializerOptions Steps =
        ContractlessStandardResolverAllowPrivate.Options.WithSecurity(MessagePackSecurity.UntrustedData);

    public static int KindOf(byte[] frame)
    {
        var reader = new MessagePackReader(frame);
        try
        {
            reader.ReadArrayHeader();
            return reader.ReadInt32();
        }
        catch (MessagePackSerializationException exception)
        {
            throw new WireFormatException($"a frame of {frame.Length} bytes is not a Midflight frame: {exception.Message}", exception);
        }
    }

    /// <summary>A message written to <paramref name="to"/>; a request names the interface its reply goes to.</summary>
    public static byte[] Deliver(Endpoint to, in Message message, Endpoint? replyTo)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(replyTo is null ? 4 : 6);
        writer.Write(DeliverKind);
        writer.Write(to.Instance);
        writer.Write(to.Interface);
        WriteMessage(ref writer, message);
        if (replyTo is { } reply)
        {
            writer.Write(reply.Instance);
            writer.Write(reply.Interface);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static (Endpoint To, Message Message, Endpoint? ReplyTo) ReadDeliver(byte[] frame)
    {
        var reader = new MessagePackReader(frame);
        try
        {
            var count = reader.ReadArrayHeader();
            reader.Skip();
            var to = new Endpoint(reader.ReadString()!, reader.ReadString()!);
            var message = ReadMessage(ref reader);
            Endpoint? replyTo = count == 6 ? new Endpoint(reader.ReadString()!, reader.ReadString()!) : null;
            return (to, message, replyTo);
        }
        catch (Exception exception) when (exception is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or NullReferenceException)
        {
            throw new WireFormatException($"a message frame of {frame.Length} bytes is malformed: {exception.Message}", exception);
        }
    }

    /// <summary>The mark a node sends down its link to a moving instance's node once it holds its writes to it: everything it wrote before is there.</summary>
    public static byte[] Fence(string move, string node) => MessagePackSerializer.Serialize(new object[] { FenceKind, move, node }, Steps);

    public static (string Move, string Node) ReadFence(byte[] frame)
    {
        var items = MessagePackSerializer.Deserialize<object[]>(frame, Steps);
        return ((string)items[1], (string)items[2]);
    }

    /// <summary>A step of a change across nodes, for the node's actor to carry out and answer.</summary>
    public static byte[] Request<T>(T step) where T : notnull =>
        MessagePackSerializer.Serialize(new object[] { RequestKind, typeof(T).Name, MessagePackSerializer.Serialize(step, Steps) }, Steps);

    public static (string Step, byte[] Body) ReadRequest(byte[] frame)
    {
        var items = MessagePackSerializer.Deserialize<object[]>(frame, Steps);
        return ((string)items[1], (byte[])items[2]);
    }

    public static T Body<T>(byte[] body) => MessagePackSerializer.Deserialize<T>(body, Steps);

    /// <summary>The answer to a step: done, with what it gives back, or refused, with why.</summary>
    public static byte[] Reply(string? error, byte[]? body = null) =>
        MessagePackSerializer.Serialize(new object?[] { ReplyKind, error, body ?? [] }, Steps);

    public static (string? Error, byte[] Body) ReadReply(byte[] frame)
    {
        var items = MessagePackSerializer.Deserialize<object?[]>(frame, Steps);
        return ((string?)items[1], (byte[])items[2]!);
    }

    public static byte[] Encode<T>(T value) => MessagePackSerializer.Serialize(value, Steps);

    public static byte[] EncodeMessage(in Message message)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        var writer = new MessagePackWriter(buffer);
        WriteMessage(ref writer, message);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static Message DecodeMessage(byte[] bytes)
    {
        var reader = new MessagePackReader(bytes);
        try
        {
            return ReadMessage(ref reader);
        }
        catch (Exception exception) when (exception is MessagePackSerializationException or EndOfStreamException or InvalidOperationException)
        {
            throw new WireFormatException($"a message of {bytes.Length} bytes is malformed: {exception.Message}", exception);
        }
    }

    private static void WriteMessage(ref MessagePackWriter writer, in Message message)
    {
        writer.WriteArrayHeader(message.Count);
        for (var i = 0; i < message.Count; i++)
        {
            WriteValue(ref writer, message[i]);
        }
    }

    private static void WriteValue(ref MessagePackWriter writer, Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Integer:
                writer.Write(value.AsInteger());
                break;
            case ValueKind.Float:
                writer.Write(value.AsFloat());
                break;
            case ValueKind.Boolean:
                writer.Write(value.AsBoolean());
                break;
            case ValueKind.String:
                WriteString(ref writer, value.AsString());
                break;
            default:
                var items = value.AsList();
                writer.WriteArrayHeader(items.Length);
                foreach (var item in items)
                {
                    WriteValue(ref writer, item);
                }
                break;
        }
    }

    private static void WriteString(ref MessagePackWriter writer, string text)
    {
        if (IsWellFormed(text))
        {
            writer.Write(text);
            return;
        }
        var units = MemoryMarshal.AsBytes(text.AsSpan());
        writer.WriteExtensionFormatHeader(new ExtensionHeader(Utf16Extension, units.Length));
        writer.WriteRaw(units);
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out _, out var used) != OperationStatus.Done)
            {
                return false;
            }
            i += used;
        }
        return true;
    }

    private static Message ReadMessage(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        if (count == 1)
        {
            return Message.Of(ReadValue(ref reader, 0));
        }
        var values = new Value[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadValue(ref reader, 0);
        }
        return Message.Of(values);
    }

    private static Value ReadValue(ref MessagePackReader reader, int depth)
    {
        if (depth > MaximumDepth)
        {
            throw new WireFormatException($"a message nests lists more than {MaximumDepth} deep");
        }
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer:
                return Value.Integer(reader.ReadInt64());
            case MessagePackType.Float:
                return Value.Float(reader.ReadDouble());
            case MessagePackType.Boolean:
                return Value.Boolean(reader.ReadBoolean());
            case MessagePackType.String:
                return Value.String(reader.ReadString()!);
            case MessagePackType.Array:
                var count = reader.ReadArrayHeader();
                var items = new Value[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = ReadValue(ref reader, depth + 1);
                }
                return Value.List(items);
            case MessagePackType.Extension:
                var header = reader.ReadExtensionFormatHeader();
                if (header.TypeCode != Utf16Extension || header.Length % 2 != 0)
                {
                    throw new WireFormatException($"a message holds an unknown extension value (type {header.TypeCode}, {header.Length} bytes)");
                }
                var units = reader.ReadRaw(header.Length).ToArray();
                return Value.String(new string(MemoryMarshal.Cast<byte, char>(units)));
            default:
                throw new WireFormatException($"a message holds a {reader.NextMessagePackType}, which is no value of the language");
        }
    }
}
