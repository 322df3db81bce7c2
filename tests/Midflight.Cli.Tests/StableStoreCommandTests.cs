using System.Text.Json;
using Midflight.Control;
using Midflight.Runtime;

namespace Midflight.Cli.Tests;

/// <summary><c>midflight state stable</c> lists the stable store beside a configuration; <c>state forget</c> deletes a group's records, never while its node runs.</summary>
public sealed class StableStoreCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-stable-cli-").FullName;

    public StableStoreCommandTests() => File.WriteAllText(Configuration, $$"""
        module counter { source = "{{Path.Combine(AppContext.BaseDirectory, "Midflight.TestModules.dll")}}#Midflight.TestModules.Counter" :: define interface out pattern = {integer} }
        module bank { instance counter group kept {counter} stable }
        """);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Configuration => Path.Combine(_folder, "bank.mil");

    private void Store() => SqliteStableStore.Open(NodeFiles.StableStore(new FileInfo(Configuration))).Write("bank",
        [new StableRecord("kept", "counter", "counter", new StableVersion("Counter.dll#Midflight.TestModules.Counter", "/code/Counter.dll", new byte[] { 1, 2 }, "ABCDEF0123456789"), new byte[40], new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero))]);

    [Fact]
    public async Task The_store_lists_each_member_with_its_version_and_when_it_committed()
    {
        Store();
        var table = new CliRun();
        var json = new CliRun();

        Assert.Equal(0, await table.InvokeAsync("state", "stable", Configuration));
        Assert.Equal(0, await json.InvokeAsync("state", "stable", Configuration, "--json"));

        Assert.Contains("ABCDEF012345", table.Output, StringComparison.Ordinal);
        Assert.Contains("2026-12-04 06:00:00Z", table.Output, StringComparison.Ordinal);
        var record = Assert.Single(JsonDocument.Parse(json.Output).RootElement.EnumerateArray().ToList());
        Assert.Equal(("counter", "kept", 40), (record.GetProperty("instance").GetString(), record.GetProperty("group").GetString(), record.GetProperty("stateBytes").GetInt32()));
    }

    [Fact]
    public async Task Forgetting_a_group_deletes_its_records_and_is_refused_while_the_node_runs_or_for_a_group_with_none()
    {
        Store();
        var running = new CliRun();
        int refused;
        using (NodeFiles.Control(new FileInfo(Configuration)).Lock())
        {
            refused = await running.InvokeAsync("state", "forget", Configuration, "kept");
        }
        Assert.Equal(3, refused);
        Assert.Contains("stop it first: a running node writes the stable store", running.Errors, StringComparison.Ordinal);
        Assert.Single(SqliteStableStore.OpenExisting(NodeFiles.StableStore(new FileInfo(Configuration))).Read("bank"));

        var forget = new CliRun();
        Assert.Equal(0, await forget.InvokeAsync("state", "forget", Configuration, "kept"));
        Assert.Contains("forgot 1 record of group 'kept'", forget.Output, StringComparison.Ordinal);
        Assert.Empty(SqliteStableStore.OpenExisting(NodeFiles.StableStore(new FileInfo(Configuration))).Read("bank"));

        var again = new CliRun();
        Assert.Equal(1, await again.InvokeAsync("state", "forget", Configuration, "kept"));
        Assert.Contains("the stable store holds no record of group 'kept'", again.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configuration_whose_node_never_kept_a_store_says_so()
    {
        var run = new CliRun();

        Assert.Equal(1, await run.InvokeAsync("state", "stable", Configuration));
        Assert.Contains("there is no stable store at", run.Errors, StringComparison.Ordinal);
    }
}
