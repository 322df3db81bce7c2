using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Midflight.Model;
using Midflight.State;

namespace Midflight.Runtime;

/// <summary>
/// A recording as JSON: what <c>midflight record</c> writes, and the file of messages a person may
/// write by hand for a rehearsal. Only <c>received</c> is required:
/// <code>
/// { "received": [ { "interface": "ledger", "message": ["GetBalance", 101, 0, ""] } ] }
/// </code>
/// A message is the array of its fields. Their kinds come from the interface's pattern, so <c>2</c> is
/// an integer or a float as the pattern says; a float that JSON cannot hold is the string
/// <c>"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c>. The rest, as a recording writes it:
/// <c>at</c> (seconds after the recording began) on each message and output; <c>outputs</c>, each
/// with <c>interface</c> and <c>message</c>, or <c>printed</c>; <c>instance</c>, <c>module</c>,
/// <c>started</c>, <c>length</c> (seconds), <c>ending</c>, <c>repliesOwed</c> (per server interface),
/// <c>polls</c> (per incoming interface, the answers to the module's <c>HasMessages</c>, in order)
/// and <c>snapshot</c> (the snapshot file's bytes, base64).
/// </summary>
public static class RecordingJson
{
    /// <summary>The format this Midflight writes.</summary>
    public const int Format = 1;

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    public static void Write(Recording recording, Stream output)
    {
        ArgumentNullException.ThrowIfNull(recording);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("format", Format);
        json.WriteString("instance", recording.Instance);
        if (recording.Module is { } module)
        {
            json.WriteString("module", module);
        }
        if (recording.Started is { } started)
        {
            json.WriteString("started", started);
        }
        if (recording.Length is { } length)
        {
            json.WriteNumber("length", Seconds(length));
        }
        if (recording.Ending is { } ending)
        {
            json.WriteString("ending", ending);
        }
        if (!recording.RepliesOwed.IsEmpty)
        {
            json.WriteStartObject("repliesOwed");
            foreach (var (name, owed) in recording.RepliesOwed.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(name, owed);
            }
            json.WriteEndObject();
        }
        if (!recording.Polls.IsEmpty)
        {
            json.WriteStartObject("polls");
            foreach (var (name, answers) in recording.Polls.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteStartArray(name);
                foreach (var answer in answers)
                {
                    json.WriteBooleanValue(answer);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteStartArray("received");
        foreach (var message in recording.Received)
        {
            json.WriteStartObject();
            json.WriteNumber("at", Seconds(message.At));
            json.WriteString("interface", message.Interface);
            WriteMessage(json, message.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (!recording.Outputs.IsDefault)
        {
            json.WriteStartArray("outputs");
            foreach (var made in recording.Outputs)
            {
                json.WriteStartObject();
                json.WriteNumber("at", Seconds(made.At));
                if (made.Printed is { } text)
                {
                    json.WriteString("printed", text);
                }
                else
                {
                    json.WriteString("interface", made.Interface);
                    WriteMessage(json, made.Message);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (recording.Snapshot is { } snapshot)
        {
            json.WriteBase64String("snapshot", SnapshotCodec.Encode(snapshot));
        }
        json.WriteEndObject();
    }

    /// <summary>Seconds to the tick, exactly: a double would round some.</summary>
    private static decimal Seconds(TimeSpan duration) => (decimal)duration.Ticks / TimeSpan.TicksPerSecond;

    private static void WriteMessage(Utf8JsonWriter json, in Message message)
    {
        json.WriteStartArray("message");
        for (var i = 0; i < message.Count; i++)
        {
            WriteValue(json, message[i]);
        }
        json.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter json, Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Integer:
                json.WriteNumberValue(value.AsInteger());
                break;
            case ValueKind.Float when double.IsFinite(value.AsFloat()):
                json.WriteNumberValue(value.AsFloat());
                break;
            case ValueKind.Float:
                json.WriteStringValue(value.AsFloat().ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.String:
                json.WriteStringValue(value.AsString());
                break;
            case ValueKind.Boolean:
                json.WriteBooleanValue(value.AsBoolean());
                break;
            default:
                json.WriteStartArray();
                foreach (var item in value.AsList())
                {
                    WriteValue(json, item);
                }
                json.WriteEndArray();
                break;
        }
    }

    /// <summary>
    /// Reads a recording of <paramref name="instance"/>, whose module's interfaces type its messages.
    /// </summary>
    /// <exception cref="RecordingFormatException">It is not JSON, or says something that does not fit the instance; the message says where, as a path such as <c>received[3].message[1]</c>.</exception>
    public static Recording Read(ReadOnlyMemory<byte> utf8, string instance, ModuleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Lenient);
        }
        catch (JsonException exception)
        {
            throw new RecordingFormatException($"line {exception.LineNumber + 1}, column {exception.BytePositionInLine + 1}: not JSON: {FirstSentence(exception.Message)}", exception);
        }
        using (document)
        {
            return new Reader(instance, spec).Recording(document.RootElement);
        }
    }

    private static string FirstSentence(string message) => message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');

    /// <summary>One reading: the instance's interfaces, and where in the document it stands for its errors.</summary>
    private sealed class Reader(string instance, ModuleSpec spec)
    {
        public Recording Recording(JsonElement root)
        {
            Expect(root, JsonValueKind.Object, "the recording", "an object");
            if (Optional(root, "format") is { } format && (format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var version) || version != Format))
            {
                throw Error("format", $"is {Shown(format)}: this Midflight reads recordings of format {Format}");
            }
            if (Optional(root, "instance") is { } named && Text(named, "instance") != instance)
            {
                throw Error("instance", $"is '{named.GetString()}': the recording is not of '{instance}'");
            }
            var received = Required(root, "received");
            Expect(received, JsonValueKind.Array, "received", "an array of messages");
            return new Recording(instance, [.. received.EnumerateArray().Select((m, i) => Received(m, $"received[{i}]"))])
            {
                Module = Optional(root, "module") is { } module ? Text(module, "module") : null,
                Started = Optional(root, "started") is { } started ? Instant(started, "started") : null,
                Length = Optional(root, "length") is { } length ? Seconds(length, "length") : null,
                Ending = Optional(root, "ending") is { } ending ? Text(ending, "ending") : null,
                RepliesOwed = Optional(root, "repliesOwed") is { } owed ? RepliesOwed(owed) : ImmutableDictionary<string, int>.Empty,
                Polls = Optional(root, "polls") is { } polls ? Polls(polls) : ImmutableDictionary<string, ImmutableArray<bool>>.Empty,
                Outputs = Optional(root, "outputs") is { } outputs ? Outputs(outputs) : default,
                Snapshot = Optional(root, "snapshot") is { } snapshot ? Snapshot(snapshot) : null,
            };
        }

        private RecordedMessage Received(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path, "an object with 'interface' and 'message'");
            var name = Text(Required(element, "interface", path), $"{path}.interface");
            var pattern = Interface(name, $"{path}.interface").Incoming
                ?? throw Error($"{path}.interface", $"'{name}' is a {Kind(name)} interface: it receives nothing");
            return new RecordedMessage(At(element, path), name, Message(Required(element, "message", path), pattern, $"{path}.message"));
        }

        private ImmutableArray<ModuleOutput> Outputs(JsonElement outputs)
        {
            Expect(outputs, JsonValueKind.Array, "outputs", "an array of outputs");
            return [.. outputs.EnumerateArray().Select((o, i) => Output(o, $"outputs[{i}]"))];
        }

        private ModuleOutput Output(JsonElement element, string path)
        {
            Expect(element, JsonValueKind.Object, path, "an object with 'interface' and 'message', or 'printed'");
            if (Optional(element, "printed") is { } printed)
            {
                return ModuleOutput.Print(At(element, path), Text(printed, $"{path}.printed"));
            }
            var name = Text(Required(element, "interface", path), $"{path}.interface");
            var pattern = Interface(name, $"{path}.interface").Outgoing
                ?? throw Error($"{path}.interface", $"'{name}' is a {Kind(name)} interface: it writes nothing");
            return ModuleOutput.Written(At(element, path), name, Message(Required(element, "message", path), pattern, $"{path}.message"));
        }

        private ImmutableDictionary<string, int> RepliesOwed(JsonElement owed)
        {
            Expect(owed, JsonValueKind.Object, "repliesOwed", "an object of counts per server interface");
            var counts = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
            foreach (var property in owed.EnumerateObject())
            {
                var path = $"repliesOwed.{property.Name}";
                if (Interface(property.Name, path).Kind != InterfaceKind.Server)
                {
                    throw Error(path, $"'{property.Name}' is a {Kind(property.Name)} interface, not a server: it owes no replies");
                }
                counts[property.Name] = property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var count) && count >= 0
                    ? count
                    : throw Error(path, $"is {Shown(property.Value)}, not a count");
            }
            return counts.ToImmutable();
        }

        private ImmutableDictionary<string, ImmutableArray<bool>> Polls(JsonElement polls)
        {
            Expect(polls, JsonValueKind.Object, "polls", "an object of answers per incoming interface");
            var answers = ImmutableDictionary.CreateBuilder<string, ImmutableArray<bool>>(StringComparer.Ordinal);
            foreach (var property in polls.EnumerateObject())
            {
                var path = $"polls.{property.Name}";
                if (Interface(property.Name, path).Incoming is null)
                {
                    throw Error(path, $"'{property.Name}' is a {Kind(property.Name)} interface: nothing waits on it");
                }
                Expect(property.Value, JsonValueKind.Array, path, "an array of true and false");
                answers[property.Name] = [.. property.Value.EnumerateArray().Select((answer, i) => answer.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? answer.GetBoolean()
                    : throw Error($"{path}[{i}]", $"is {Shown(answer)}, not true or false"))];
            }
            return answers.ToImmutable();
        }

        private static State.Snapshot Snapshot(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.String || !element.TryGetBytesFromBase64(out var bytes))
            {
                throw Error("snapshot", "is not a snapshot file's bytes in base64");
            }
            try
            {
                return SnapshotCodec.Decode(bytes);
            }
            catch (SnapshotFormatException exception)
            {
                throw Error("snapshot", exception.Message);
            }
        }

        private InterfaceSpec Interface(string name, string path) =>
            spec.Interfaces.FirstOrDefault(i => i.Name == name)
                ?? throw Error(path, $"'{instance}' ({spec.Name}) has no interface '{name}'; it has: {string.Join(", ", spec.Interfaces.Select(i => i.Name))}");

        private string Kind(string name) => spec.Interfaces.First(i => i.Name == name).Kind.Keyword();

        private static Message Message(JsonElement element, Pattern pattern, string path)
        {
            Expect(element, JsonValueKind.Array, path, $"an array of fields, {pattern}");
            var fields = pattern.Fields;
            if (element.GetArrayLength() != fields.Count)
            {
                throw Error(path, $"has {element.GetArrayLength()} field(s); the pattern {pattern} has {fields.Count}");
            }
            var values = new Value[fields.Count];
            var i = 0;
            foreach (var field in element.EnumerateArray())
            {
                values[i] = Field(field, fields[i].Type, $"{path}[{i}]");
                i++;
            }
            return Midflight.Message.Of(values);
        }

        private static Value Field(JsonElement element, DataType type, string path)
        {
            if (type.IsList)
            {
                Expect(element, JsonValueKind.Array, path, $"a list ({type})");
                return Value.List(element.EnumerateArray().Select((item, i) => Field(item, type.Element, $"{path}[{i}]")));
            }
            return type.Scalar switch
            {
                ScalarKind.Integer when element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var integer) => Value.Integer(integer),
                ScalarKind.Float when element.ValueKind == JsonValueKind.Number => Value.Float(element.GetDouble()),
                ScalarKind.Float when element.ValueKind == JsonValueKind.String && NonFinite(element.GetString()!) is { } special => Value.Float(special),
                ScalarKind.String when element.ValueKind == JsonValueKind.String => Value.String(element.GetString()!),
                ScalarKind.Boolean when element.ValueKind is JsonValueKind.True or JsonValueKind.False => Value.Boolean(element.GetBoolean()),
                _ => throw Error(path, $"is {Shown(element)}, not {Article(type.Scalar)} {type}"),
            };
        }

        private static double? NonFinite(string text) => text switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => null,
        };

        private static string Article(ScalarKind scalar) => scalar == ScalarKind.Integer ? "an" : "a";

        private static TimeSpan At(JsonElement element, string path) =>
            Optional(element, "at") is { } at ? Seconds(at, $"{path}.at") : TimeSpan.Zero;

        private static TimeSpan Seconds(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var seconds) && seconds >= 0 && seconds <= (decimal)TimeSpan.MaxValue.TotalSeconds
                ? TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
                : throw Error(path, $"is {Shown(element)}, not a number of seconds");

        private static DateTimeOffset Instant(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var instant)
                ? instant
                : throw Error(path, $"is {Shown(element)}, not a date and time such as \"2026-12-03T08:00:00Z\"");

        private static string Text(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Error(path, $"is {Shown(element)}, not a string");

        private static JsonElement Required(JsonElement parent, string name, string? path = null) =>
            Optional(parent, name) ?? throw Error(path ?? "the recording", $"has no '{name}'");

        private static JsonElement? Optional(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        private static void Expect(JsonElement element, JsonValueKind kind, string path, string what)
        {
            if (element.ValueKind != kind)
            {
                throw Error(path, $"is {Shown(element)}, not {what}");
            }
        }

        private static string Shown(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => element.GetRawText(),
        };

        private static RecordingFormatException Error(string path, string what) => new($"{path} {what}");
    }
}
