using Midflight.Testing;
using CsCheck;
using System.Text.Json;
using Midflight.Model;

namespace Midflight.State.Tests;

public sealed class SnapshotJsonTests
{
    private static string Write(Snapshot snapshot)
    {
        var output = new StringWriter();
        SnapshotJson.Write(snapshot, output);
        return output.ToString();
    }

    [Fact]
    public void The_json_view_names_frames_variables_references_and_queued_messages()
    {
        var snapshot = new Snapshot(
            "compute",
            EquatableArray.Create(new Frame("Average", 4, EquatableArray.Create(new Slot("n", "int", StateValue.Integer(3)), new Slot("x", "double", StateValue.Float(double.NaN))))),
            EquatableArray.Create(new Slot("_ring", "Node", StateValue.Reference(0))),
            EquatableArray.Create(new HeapObject(0, "Node", EquatableArray.Create(new Slot("next", "Node", StateValue.Reference(0))), default)),
            EquatableArray.Create(new QueuedMessages("sensor", EquatableArray.Create(EquatableArray.Create(StateValue.Integer(21), StateValue.String("c"))))));

        using var json = JsonDocument.Parse(Write(snapshot));
        var root = json.RootElement;

        Assert.Equal(Snapshot.FormatVersion, root.GetProperty("format").GetInt32());
        Assert.Equal("compute", root.GetProperty("module").GetString());
        var frame = root.GetProperty("frames")[0];
        Assert.Equal("Average", frame.GetProperty("method").GetString());
        Assert.Equal(4, frame.GetProperty("resumeSite").GetInt32());
        Assert.Equal(3, frame.GetProperty("variables")[0].GetProperty("value").GetInt64());
        Assert.Equal("NaN", frame.GetProperty("variables")[1].GetProperty("value").GetString());
        Assert.Equal(0, root.GetProperty("fields")[0].GetProperty("value").GetProperty("ref").GetInt32());
        Assert.Equal("Node", root.GetProperty("heap")[0].GetProperty("type").GetString());
        var message = root.GetProperty("queues")[0].GetProperty("messages")[0];
        Assert.Equal(21, message[0].GetInt64());
        Assert.Equal("c", message[1].GetString());
    }

    [Fact]
    public void Type_names_are_written_as_they_read()
    {
        var snapshot = new Snapshot("m", default, EquatableArray.Create(new Slot("_orders", "System.Collections.Generic.List<Shop.Order+Line>", StateValue.Null)), default, default);

        var text = Write(snapshot);

        Assert.Contains("\"System.Collections.Generic.List<Shop.Order+Line>\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_a_json_escape_and_the_rest_of_the_string_reads_as_written()
    {
        var snapshot = new Snapshot("m", default, EquatableArray.Create(
            new Slot("cut", "string", StateValue.String("<\uD83D\uDE00 \"cut\" \uD83D")),
            new Slot("\uDC00", "string", StateValue.String("\uDC00\uD800"))), default, default);

        var text = Write(snapshot);

        // The pair is escaped as the writer escapes any character beyond the first 65536; the lone half the same way.
        Assert.Contains("\"value\": \"<\\uD83D\\uDE00 \\\"cut\\\" \\uD83D\"", text, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"\\uDC00\"", text, StringComparison.Ordinal);
        Assert.Contains("\"value\": \"\\uDC00\\uD800\"", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(2, json.RootElement.GetProperty("fields").GetArrayLength());
    }

    [Fact]
    public void The_json_of_any_snapshot_is_json() =>
        SnapshotGenerators.Snapshots.SamplePinned(snapshot =>
        {
            using var json = JsonDocument.Parse(Write(snapshot));
            Assert.Equal(snapshot.Fields.Count, json.RootElement.GetProperty("fields").GetArrayLength());
        }, seed: "0N0XIzNsQ0O2", iter: 500);
}
