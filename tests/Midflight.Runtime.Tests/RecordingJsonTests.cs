using System.Collections.Immutable;
using System.Text;
using CsCheck;
using Midflight.Model;
using Midflight.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Recordings as JSON files: what a recording writes reads back the same, over random messages of
/// every kind of field; a file a person writes is typed by the instance's patterns; and a file that
/// does not fit is refused with where and why.
/// </summary>
public sealed class RecordingJsonTests
{
    private static readonly ModuleSpec Spec = TestNodes.Parse("""
        module worker {
          source = "Worker.csproj#Worker" ::
          use interface input pattern = {integer, float, string, boolean} ::
          server interface ledger pattern = {string, integer[]} returns {integer, float[][]} ::
          client interface ask pattern = {string} accepts {boolean, string[]} ::
          define interface out pattern = {float} :: }
        module app { instance worker }
        """).Modules[0];

    private static Gen<RecordedMessage> Received(string interfaceName) =>
        Gen.Select(Gen.Long[0, TimeSpan.TicksPerDay], MessageGen.Of(Spec.Interfaces.Single(i => i.Name == interfaceName).Incoming!),
            (ticks, message) => new RecordedMessage(TimeSpan.FromTicks(ticks), interfaceName, Canonical(message)));

    private static Gen<ModuleOutput> Written(string interfaceName) =>
        Gen.Select(Gen.Long[0, TimeSpan.TicksPerDay], MessageGen.Of(Spec.Interfaces.Single(i => i.Name == interfaceName).Outgoing!),
            (ticks, message) => ModuleOutput.Written(TimeSpan.FromTicks(ticks), interfaceName, Canonical(message)));

    private static readonly Gen<Recording> Recordings =
        Gen.Select(
            Gen.OneOf(Received("input"), Received("ledger"), Received("ask")).Array[0, 6],
            Gen.OneOf(Written("ledger"), Written("ask"), Written("out"), Gen.Select(Gen.Long[0, 1000], Gen.String, (ticks, text) => ModuleOutput.Print(TimeSpan.FromTicks(ticks), text))).Array[0, 6].Null(),
            Gen.Int[0, 3],
            Gen.Long[1, TimeSpan.TicksPerDay],
            Gen.Bool.Array[0, 5],
            (received, outputs, owed, length, polls) => new Recording("worker", [.. received])
            {
                Module = "worker",
                Started = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero),
                Length = TimeSpan.FromTicks(length),
                Outputs = outputs is null ? default : [.. outputs],
                RepliesOwed = owed == 0 ? ImmutableDictionary<string, int>.Empty : ImmutableDictionary<string, int>.Empty.Add("ledger", owed),
                Ending = owed == 2 ? "cancelled" : null,
                Polls = polls.Length == 0 ? ImmutableDictionary<string, ImmutableArray<bool>>.Empty : ImmutableDictionary<string, ImmutableArray<bool>>.Empty.Add("input", [.. polls]).Add("ask", [.. polls.Reverse()]),
            });

    [Fact]
    public void A_recording_reads_back_as_it_was_written() =>
        Recordings.SamplePinned(recording =>
        {
            var read = RecordingJson.Read(Written(recording), "worker", Spec);

            // ImmutableArray compares by reference: their items are compared, as arrays.
            Assert.Equal(recording.Received.ToArray(), read.Received.ToArray());
            Assert.Equal(recording.Outputs.IsDefault, read.Outputs.IsDefault);
            Assert.Equal(recording.Outputs.IsDefault ? [] : recording.Outputs.ToArray(), read.Outputs.IsDefault ? [] : read.Outputs.ToArray());
            Assert.Equal(recording with { Received = read.Received, Outputs = read.Outputs, RepliesOwed = read.RepliesOwed, Polls = read.Polls }, read);
            Assert.Equal(recording.RepliesOwed.OrderBy(o => o.Key), read.RepliesOwed.OrderBy(o => o.Key));
            Assert.Equal(recording.Polls.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.ToArray())), read.Polls.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.ToArray())));
        }, seed: "0N0XIzNsQ0O2", iter: 500);

    [Fact]
    public void A_hand_written_file_is_typed_by_the_patterns_of_the_instance_s_interfaces()
    {
        var read = RecordingJson.Read("""
            { "received": [
                { "interface": "input", "message": [2, 2, "two", true] },
                { "interface": "input", "message": [-7, "NaN", "", false], "at": 1.5 },
                { "interface": "ledger", "message": ["sum", [1, 2, 3]] },
            ] }
            """u8.ToArray(), "worker", Spec);

        Assert.Equal<RecordedMessage[]>(
            [
                new RecordedMessage(TimeSpan.Zero, "input", Message.Of(2L, 2.0, "two", true)),
                new RecordedMessage(TimeSpan.FromSeconds(1.5), "input", Message.Of(-7L, double.NaN, "", false)),
                new RecordedMessage(TimeSpan.Zero, "ledger", Message.Of("sum", Value.List(1L, 2L, 3L))),
            ],
            read.Received.ToArray());
        Assert.Equal(ValueKind.Float, read.Received[0].Message[1].Kind);
        Assert.True(read.Outputs.IsDefault);
        Assert.Null(read.Snapshot);
        Assert.Null(read.Length);
    }

    [Theory]
    [InlineData("{", "line 1, column 2: not JSON: ")]
    [InlineData("[]", "the recording is an array, not an object")]
    [InlineData("{}", "the recording has no 'received'")]
    [InlineData("""{"received": {}}""", "received is an object, not an array of messages")]
    [InlineData("""{"format": 2, "received": []}""", "format is 2: this Midflight reads recordings of format 1")]
    [InlineData("""{"instance": "other", "received": []}""", "instance is 'other': the recording is not of 'worker'")]
    [InlineData("""{"received": [{"message": []}]}""", "received[0] has no 'interface'")]
    [InlineData("""{"received": [{"interface": "nope", "message": []}]}""", "received[0].interface 'worker' (worker) has no interface 'nope'; it has: input, ledger, ask, out")]
    [InlineData("""{"received": [{"interface": "out", "message": [1]}]}""", "received[0].interface 'out' is a define interface: it receives nothing")]
    [InlineData("""{"received": [{"interface": "input", "message": [1, 2, "x"]}]}""", "received[0].message has 3 field(s); the pattern {integer, float, string, boolean} has 4")]
    [InlineData("""{"received": [{"interface": "input", "message": [1.5, 2, "x", true]}]}""", "received[0].message[0] is 1.5, not an integer")]
    [InlineData("""{"received": [{"interface": "input", "message": [1, "2", "x", true]}]}""", "received[0].message[1] is \"2\", not a float")]
    [InlineData("""{"received": [{"interface": "ledger", "message": ["x", [1, true]]}]}""", "received[0].message[1][1] is true, not an integer")]
    [InlineData("""{"received": [{"interface": "ledger", "message": ["x", 1]}]}""", "received[0].message[1] is 1, not a list (integer[])")]
    [InlineData("""{"received": [{"interface": "input", "message": [1, 2, "x", true], "at": -1}]}""", "received[0].at is -1, not a number of seconds")]
    [InlineData("""{"received": [], "outputs": [{"interface": "input", "message": [1, 2, "x", true]}]}""", "outputs[0].interface 'input' is a use interface: it writes nothing")]
    [InlineData("""{"received": [], "outputs": [{"printed": 3}]}""", "outputs[0].printed is 3, not a string")]
    [InlineData("""{"received": [], "repliesOwed": {"out": 1}}""", "repliesOwed.out 'out' is a define interface, not a server: it owes no replies")]
    [InlineData("""{"received": [], "repliesOwed": {"ledger": -1}}""", "repliesOwed.ledger is -1, not a count")]
    [InlineData("""{"received": [], "polls": {"out": [true]}}""", "polls.out 'out' is a define interface: nothing waits on it")]
    [InlineData("""{"received": [], "polls": {"input": [true, 1]}}""", "polls.input[1] is 1, not true or false")]
    [InlineData("""{"received": [], "started": "noon"}""", "started is \"noon\", not a date and time such as \"2026-12-03T08:00:00Z\"")]
    [InlineData("""{"received": [], "snapshot": "!!"}""", "snapshot is not a snapshot file's bytes in base64")]
    [InlineData("""{"received": [], "snapshot": "AAAA"}""", "snapshot ")]
    public void A_file_that_does_not_fit_is_refused_with_where_and_why(string json, string expected)
    {
        var refused = Assert.Throws<RecordingFormatException>(() => RecordingJson.Read(Encoding.UTF8.GetBytes(json), "worker", Spec));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    private static byte[] Written(Recording recording)
    {
        using var output = new MemoryStream();
        RecordingJson.Write(recording, output);
        return output.ToArray();
    }

    /// <summary>Every NaN as the one NaN a file names: its payload bits are not kept.</summary>
    private static Message Canonical(Message message) =>
        Message.Of([.. Enumerable.Range(0, message.Count).Select(i => Canonical(message[i]))]);

    private static Value Canonical(Value value) => value.Kind switch
    {
        ValueKind.Float when double.IsNaN(value.AsFloat()) => Value.Float(double.NaN),
        ValueKind.List => Value.List(value.AsList().Select(Canonical)),
        _ => value,
    };
}
