using System.Text.Json.Nodes;
using Midflight.Runtime;

namespace Midflight.Cli.Tests;

/// <summary>
/// <c>midflight record</c> and <c>update --rehearse</c> on recorded messages, against the Monitor on a
/// node on fake time: compute — which polls, recurses, and stops at its point inside the recursion — is
/// recorded and its own code rehearsed on the recording; an edited recording makes the rehearsal
/// diverge, with exit code 5; bad input is refused with where and why, and the Monitor runs on.
/// </summary>
public sealed class RehearsalCommandTests : MonitorEndpointTest
{
    private static string MonitorDll => Path.Combine(AppContext.BaseDirectory, "Monitor.dll");

    private async Task<string> RecordAsync()
    {
        var file = Path.Combine(Running.Folder, "compute.json");
        var record = new CliRun();
        Assert.Equal(0, await WhileTimePasses(record.InvokeAsync("record", Configuration, "compute", "--for", "40s", "--out", file)));
        Assert.Matches(@"^recorded compute for 4\d(\.\d+)? s: \d+ messages taken, \d+ outputs; written to ", record.Output);
        return file;
    }

    [Fact]
    public async Task Compute_rehearsed_on_its_own_recording_makes_the_same_outputs()
    {
        var file = await RecordAsync();
        var recording = RecordingJson.Read(await File.ReadAllBytesAsync(file), "compute", Running.Node.Status["compute"].Spec);
        Assert.Contains(recording.Received, m => m.Interface == "display");
        Assert.Contains(recording.Received, m => m.Interface == "sensor");
        Assert.True(recording.Polls.ContainsKey("display"));
        Assert.NotNull(recording.Snapshot);

        var rehearse = new CliRun();
        Assert.Equal(0, await WhileTimePasses(rehearse.InvokeAsync("update", Configuration, "compute", "--with", MonitorDll, "--rehearse", "--messages", file)));

        Assert.Equal("", rehearse.Errors);
        Assert.Contains($"ran on {recording.Received.Length} messages: took {recording.Received.Length}, made {recording.Outputs.Length} outputs, as the live module did", rehearse.Output, StringComparison.Ordinal);
        Assert.EndsWith("the application was not touched\n", rehearse.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("Monitor.csproj#Midflight.Examples.Monitor.Compute", Running.Node.Status["compute"].Spec.Source.ToString());
    }

    [Fact]
    public async Task A_recording_whose_output_was_edited_makes_the_rehearsal_diverge_there_with_exit_code_5()
    {
        var file = await RecordAsync();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var reply = json["outputs"]!.AsArray().First(o => o!["interface"]?.GetValue<string>() == "display")!;
        var index = json["outputs"]!.AsArray().IndexOf(reply);
        var live = reply["message"]![0]!.GetValue<double>();
        reply["message"]![0] = live + 1;
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var rehearse = new CliRun();
        Assert.Equal(5, await WhileTimePasses(rehearse.InvokeAsync("update", Configuration, "compute", "--with", MonitorDll, "--rehearse", "--messages", file)));

        Assert.Contains($"error: the new version's outputs differ from the live module's at output {index + 1} (after ", rehearse.Errors, StringComparison.Ordinal);
        Assert.Contains($"the live module wrote {{{Runtime(live + 1)}}} on 'display'; the new version wrote {{{Runtime(live)}}} on 'display'; the application was not touched", rehearse.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rehearsal_can_record_for_itself()
    {
        var rehearse = new CliRun();

        var exit = await WhileTimePasses(rehearse.InvokeAsync("update", Configuration, "compute", "--with", MonitorDll, "--rehearse", "--record", "30s"));

        Assert.True(exit == 0, $"exit code {exit}: {rehearse.Errors}");

        Assert.Matches(@"ran on \d+ messages: took \d+, made \d+ outputs, as the live module did \(\d+ outputs\)", rehearse.Output);
    }

    [Fact]
    public async Task A_file_of_messages_that_does_not_fit_is_refused_naming_the_file_and_the_place()
    {
        var file = Path.Combine(Running.Folder, "bad.json");
        await File.WriteAllTextAsync(file, """{ "received": [ { "interface": "sensor", "message": ["warm"] } ] }""");
        var rehearse = new CliRun();

        Assert.Equal(1, await WhileTimePasses(rehearse.InvokeAsync("update", Configuration, "compute", "--with", MonitorDll, "--rehearse", "--messages", file)));

        Assert.Equal($"{file}: error: received[0].message[0] is \"warm\", not an integer\n", rehearse.Errors.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_rehearsal_takes_a_snapshot_file_in_place_of_the_live_state()
    {
        var file = Path.Combine(Running.Folder, "compute.mfs");
        Assert.Equal(0, await WhileTimePasses(new CliRun().InvokeAsync("state", "capture", Configuration, "compute", "--out", file)));
        var rehearse = new CliRun();

        Assert.Equal(0, await rehearse.InvokeAsync("update", Configuration, "compute", "--with", MonitorDll, "--rehearse", "--snapshot", file));

        Assert.Matches(@"^rehearsed: the new version took compute's state \(1 field, \d+ frames\)\nthe application was not touched\n$", rehearse.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_snapshot_file_that_is_not_one_is_refused_naming_the_file()
    {
        var file = Path.Combine(Running.Folder, "junk.mfs");
        await File.WriteAllTextAsync(file, "not a snapshot");
        var rehearse = new CliRun();

        Assert.Equal(1, await rehearse.InvokeAsync("update", Configuration, "compute", "--with", MonitorDll, "--rehearse", "--snapshot", file));

        Assert.StartsWith($"{file}: error: ", rehearse.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--record", "30s")]
    [InlineData("--snapshot", "state.mfs")]
    public async Task A_rehearsal_s_input_without_rehearse_is_refused(string option, string value)
    {
        var update = new CliRun();

        Assert.Equal(1, await update.InvokeAsync("update", Configuration, "compute", "--with", MonitorDll, option, value));

        Assert.Equal("error: --record, --messages and --snapshot are the input of a rehearsal: add --rehearse\n", update.Errors.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_procedure_update_given_a_rehearsal_s_input_without_rehearse_is_refused_not_carried_out()
    {
        var update = new CliRun();

        Assert.Equal(1, await update.InvokeAsync("update", Configuration, "compute", "--procedure", "Average", "--record", "30s"));

        Assert.Equal("error: --record, --messages and --snapshot are the input of a rehearsal: add --rehearse\n", update.Errors.ReplaceLineEndings("\n"));
        Assert.Empty(Running.Node.Status["compute"].Procedures);
    }

    [Fact]
    public async Task Recording_an_instance_the_node_does_not_have_is_refused_and_writes_no_file()
    {
        var file = Path.Combine(Running.Folder, "nobody.json");
        var record = new CliRun();

        Assert.Equal(3, await record.InvokeAsync("record", Configuration, "nobody", "--for", "10s", "--out", file));

        Assert.Equal("error: the node refused: there is no instance 'nobody'\n", record.Errors.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(file));
    }

    private static string Runtime(double value) => Value.Float(value).ToString();
}
