using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Midflight.Model;

namespace Midflight.State;

/// <summary>
/// A snapshot as readable JSON, for people (<c>midflight state dump</c>). Heap references read
/// <c>{"ref": 3}</c>; floats that JSON cannot hold as numbers (NaN, infinities) are strings; a lone
/// surrogate in a string is a <c>\uD800</c> escape, as JavaScript's <c>JSON.stringify</c> writes one.
/// </summary>
public static class SnapshotJson
{
    // Read by people, never put in a web page: type names keep their '<' and '+' instead of \u003C escapes.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>
    /// Writes <paramref name="snapshot"/> to <paramref name="output"/> as it goes, in pieces of about
    /// 16 KB: the JSON of a snapshot nested deep, indented a line per
    /// value, is many times its size, and is never held whole.
    /// </summary>
    public static void Write(Snapshot snapshot, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Writer(output);
        writer.Write(snapshot);
    }

    /// <summary>One rendering: a JSON writer over a buffer that is handed to the text writer, and emptied, whenever it fills.</summary>
    private sealed class Writer : IDisposable
    {
        public const int PieceSize = 16 * 1024;

        private readonly TextWriter _output;
        private readonly ArrayBufferWriter<byte> _buffer = new(PieceSize * 2);
        private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        private readonly char[] _chars = new char[PieceSize];

        public Writer(TextWriter output)
        {
            _output = output;
            Json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = true, Encoder = Encoder });
        }

        private Utf8JsonWriter Json { get; }

        public void Write(Snapshot snapshot)
        {
            Json.WriteStartObject();
            Json.WriteNumber("format", Snapshot.FormatVersion);
            String("module", snapshot.Module);
            Array("frames", snapshot.Frames, Frame);
            Slots("fields", snapshot.Fields);
            Array("heap", snapshot.Heap, heapObject =>
            {
                Json.WriteNumber("id", heapObject.Id);
                String("type", heapObject.Type);
                Slots("fields", heapObject.Fields);
                if (heapObject.Lengths.Count > 0)
                {
                    Json.WriteStartArray("lengths");
                    foreach (var length in heapObject.Lengths)
                    {
                        Json.WriteNumberValue(length);
                    }
                    Json.WriteEndArray();
                }
                Json.WriteStartArray("elements");
                for (var i = 0; i < heapObject.ElementCount; i++)
                {
                    Value(heapObject.ElementAt(i));
                }
                Json.WriteEndArray();
            });
            Array("queues", snapshot.Queues, queue =>
            {
                String("interface", queue.Interface);
                Json.WriteStartArray("messages");
                foreach (var message in queue.Messages)
                {
                    Value(StateValue.List(message));
                }
                Json.WriteEndArray();
            });
            if (snapshot.Workers.Count > 0)
            {
                Array("workers", snapshot.Workers, worker =>
                {
                    String("worker", worker.Worker);
                    Array("frames", worker.Frames, Frame);
                });
            }
            Json.WriteEndObject();
            Json.Flush();
            Hand();
        }

        private void Frame(Frame frame)
        {
            String("method", frame.Method);
            Json.WriteNumber("resumeSite", frame.ResumeSite);
            Slots("variables", frame.Variables);
        }

        private void Array<T>(string name, EquatableArray<T> items, Action<T> writeMembers) where T : IEquatable<T>
        {
            Json.WriteStartArray(name);
            foreach (var item in items)
            {
                Json.WriteStartObject();
                writeMembers(item);
                Json.WriteEndObject();
            }
            Json.WriteEndArray();
        }

        private void Slots(string name, EquatableArray<Slot> slots) =>
            Array(name, slots, slot =>
            {
                String("name", slot.Name);
                String("type", slot.Type);
                Json.WritePropertyName("value");
                Value(slot.Value);
            });

        private void Value(StateValue value)
        {
            switch (value.Kind)
            {
                case StateValueKind.Null: Json.WriteNullValue(); break;
                case StateValueKind.Integer: Json.WriteNumberValue(value.AsInteger()); break;
                case StateValueKind.Float when double.IsFinite(value.AsFloat()): Json.WriteNumberValue(value.AsFloat()); break;
                case StateValueKind.Float: Json.WriteStringValue(value.ToString()); break;
                case StateValueKind.String: StringValue(value.AsString()); break;
                case StateValueKind.Boolean: Json.WriteBooleanValue(value.AsBoolean()); break;
                case StateValueKind.List:
                    Json.WriteStartArray();
                    foreach (var item in value.AsList())
                    {
                        Value(item);
                    }
                    Json.WriteEndArray();
                    break;
                default:
                    Json.WriteStartObject();
                    Json.WriteNumber("ref", value.AsReference());
                    Json.WriteEndObject();
                    break;
            }
            // Every value is a place to hand on what was written: a list of ten million numbers
            // goes out as it is written, not after.
            if (_buffer.WrittenCount + Json.BytesPending >= PieceSize)
            {
                Json.Flush();
                Hand();
            }
        }

        private void String(string name, string value)
        {
            Json.WritePropertyName(name);
            StringValue(value);
        }

        private void StringValue(string value)
        {
            var lone = WellFormedText.LoneSurrogate(value);
            if (lone < 0)
            {
                Json.WriteStringValue(value);
                return;
            }
            // Utf8JsonWriter refuses a lone surrogate, which UTF-8 cannot hold; a JSON escape can, so
            // the string is escaped here, a well-formed run at a time.
            var text = new StringBuilder("\"");
            var rest = value.AsSpan();
            for (; lone >= 0; lone = WellFormedText.LoneSurrogate(rest))
            {
                text.Append(JsonEncodedText.Encode(rest[..lone], Encoder).ToString()).Append(CultureInfo.InvariantCulture, $"\\u{(int)rest[lone]:X4}");
                rest = rest[(lone + 1)..];
            }
            text.Append(JsonEncodedText.Encode(rest, Encoder).ToString()).Append('"');
            Json.WriteRawValue(text.ToString(), skipInputValidation: true);
        }

        /// <summary>Hands the buffer's bytes to the text writer as characters, through one reused array, and empties it.</summary>
        private void Hand()
        {
            ReadOnlySpan<byte> bytes = _buffer.WrittenSpan;
            while (!bytes.IsEmpty)
            {
                _decoder.Convert(bytes, _chars, flush: false, out var used, out var written, out _);
                _output.Write(_chars, 0, written);
                bytes = bytes[used..];
            }
            _buffer.ResetWrittenCount();
        }

        public void Dispose() => Json.Dispose();
    }
}
