using System.Text.Encodings.Web;
using System.Text.Json;
using Midflight.Model;

namespace Midflight.State;

/// <summary>
/// A snapshot as readable JSON, for people (<c>midflight state dump</c>). Heap references read
/// <c>{"ref": 3}</c>; floats that JSON cannot hold as numbers (NaN, infinities) are strings.
/// </summary>
public static class SnapshotJson
{
    public static string Write(Snapshot snapshot)
    {
        using var stream = new MemoryStream();
        // Read by people, never put in a web page: type names keep their '<' and '+' instead of \u003C escapes.
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", Snapshot.FormatVersion);
            json.WriteString("module", snapshot.Module);
            WriteArray(json, "frames", snapshot.Frames, frame =>
            {
                json.WriteString("method", frame.Method);
                json.WriteNumber("resumeSite", frame.ResumeSite);
                WriteSlots(json, "variables", frame.Variables);
            });
            WriteSlots(json, "fields", snapshot.Fields);
            WriteArray(json, "heap", snapshot.Heap, heapObject =>
            {
                json.WriteNumber("id", heapObject.Id);
                json.WriteString("type", heapObject.Type);
                WriteSlots(json, "fields", heapObject.Fields);
                if (heapObject.Lengths.Count > 0)
                {
                    json.WriteStartArray("lengths");
                    foreach (var length in heapObject.Lengths)
                    {
                        json.WriteNumberValue(length);
                    }
                    json.WriteEndArray();
                }
                json.WriteStartArray("elements");
                for (var i = 0; i < heapObject.ElementCount; i++)
                {
                    WriteValue(json, heapObject.ElementAt(i));
                }
                json.WriteEndArray();
            });
            WriteArray(json, "queues", snapshot.Queues, queue =>
            {
                json.WriteString("interface", queue.Interface);
                json.WriteStartArray("messages");
                foreach (var message in queue.Messages)
                {
                    WriteValue(json, StateValue.List(message));
                }
                json.WriteEndArray();
            });
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteArray<T>(Utf8JsonWriter json, string name, EquatableArray<T> items, Action<T> writeMembers) where T : IEquatable<T>
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            writeMembers(item);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteSlots(Utf8JsonWriter json, string name, EquatableArray<Slot> slots) =>
        WriteArray(json, name, slots, slot =>
        {
            json.WriteString("name", slot.Name);
            json.WriteString("type", slot.Type);
            json.WritePropertyName("value");
            WriteValue(json, slot.Value);
        });

    private static void WriteValue(Utf8JsonWriter json, StateValue value)
    {
        switch (value.Kind)
        {
            case StateValueKind.Null: json.WriteNullValue(); break;
            case StateValueKind.Integer: json.WriteNumberValue(value.AsInteger()); break;
            case StateValueKind.Float when double.IsFinite(value.AsFloat()): json.WriteNumberValue(value.AsFloat()); break;
            case StateValueKind.Float: json.WriteStringValue(value.ToString()); break;
            case StateValueKind.String: json.WriteStringValue(value.AsString()); break;
            case StateValueKind.Boolean: json.WriteBooleanValue(value.AsBoolean()); break;
            case StateValueKind.List:
                json.WriteStartArray();
                foreach (var item in value.AsList())
                {
                    WriteValue(json, item);
                }
                json.WriteEndArray();
                break;
            default:
                json.WriteStartObject();
                json.WriteNumber("ref", value.AsReference());
                json.WriteEndObject();
                break;
        }
    }
}
