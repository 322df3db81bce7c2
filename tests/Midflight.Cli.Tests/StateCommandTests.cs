using System.Text.Json;
using Midflight.Model;
using Midflight.State;

namespace Midflight.Cli.Tests;

public sealed class StateCommandTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"snapshot-{Guid.NewGuid():N}.mfs");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Dump_prints_a_snapshot_as_json()
    {
        var snapshot = new Snapshot(
            "compute",
            EquatableArray.Create(new Frame("Average", 4, EquatableArray.Create(new Slot("n", "int", StateValue.Integer(3))))),
            default,
            default,
            EquatableArray.Create(new QueuedMessages("sensor", EquatableArray.Create(EquatableArray.Create(StateValue.Integer(21))))));
        await File.WriteAllBytesAsync(_file, SnapshotCodec.Encode(snapshot));
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("state", "dump", _file);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(cli.Output);
        Assert.Equal("compute", json.RootElement.GetProperty("module").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("frames")[0].GetProperty("variables")[0].GetProperty("value").GetInt64());
    }

    [Fact]
    public async Task Dump_of_a_file_that_is_not_a_snapshot_exits_1_and_says_why()
    {
        await File.WriteAllTextAsync(_file, "module app { }");
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("state", "dump", _file);

        Assert.Equal(1, exit);
        Assert.Equal($"{_file}: error: not a Midflight snapshot: it does not start with a snapshot header", cli.Errors.Trim());
    }

    [Fact]
    public async Task Dump_of_a_file_larger_than_a_snapshot_may_be_is_refused_before_it_is_read()
    {
        using (var stream = File.Create(_file))
        {
            // Sparse: a gigabyte that takes no room on the disk.
            stream.SetLength(SnapshotCodec.MaximumSize + 1L);
        }
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("state", "dump", _file);

        Assert.Equal(1, exit);
        Assert.Equal($"{_file}: error: the snapshot is 1073741825 bytes, more than the 1073741824 (1 GiB) a snapshot may have", cli.Errors.Trim());
    }
}
