namespace Midflight.Runtime.Tests;

/// <summary>The stable store as a SQLite file: what it is given it gives back, across opens; a member's state is written only over its own version; a file that is no store is refused with its path.</summary>
public sealed class SqliteStableStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-stable-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string StorePath => Path.Combine(_folder, "app.stable.db");

    private static StableRecord Record(string instance, string hash, byte[] assembly, byte[] state) =>
        new("books", instance, instance, new StableVersion($"{hash}.dll#Bank.{instance}", $"/code/{hash}.dll", assembly, hash), state, TestNodes.Epoch);

    [Fact]
    public void What_is_written_is_read_back_by_the_store_opened_again_and_a_members_state_moves_on_alone()
    {
        var store = SqliteStableStore.Open(StorePath);
        store.Write("bank", [Record("teller", "AAA", [1, 2, 3], [10]), Record("auditor", "AAA", [1, 2, 3], [20])]);
        store.WriteState("bank", "teller", "AAA", new byte[] { 11 }, TestNodes.Epoch.AddMinutes(1));

        var again = SqliteStableStore.Open(StorePath).Read("bank");

        Assert.Equal(["auditor", "teller"], again.Select(r => r.Instance));
        var teller = again.Single(r => r.Instance == "teller");
        Assert.Equal([11], teller.State.ToArray());
        Assert.Equal(TestNodes.Epoch.AddMinutes(1), teller.At);
        Assert.Equal([1, 2, 3], teller.Version.Assembly.ToArray());
        Assert.Equal("AAA.dll#Bank.teller", teller.Version.Source);
        Assert.Empty(store.Read("another application"));
    }

    [Fact]
    public void A_new_version_replaces_the_old_and_a_state_written_for_the_old_version_is_refused()
    {
        var store = SqliteStableStore.Open(StorePath);
        store.Write("bank", [Record("teller", "AAA", [1], [10])]);
        store.Write("bank", [Record("teller", "BBB", [2], [100])]);

        var refused = Assert.Throws<StableStoreException>(() => store.WriteState("bank", "teller", "AAA", new byte[] { 12 }, TestNodes.Epoch));

        Assert.Equal($"the stable store '{StorePath}' holds no record of 'teller' in the version it runs (AAA): its state was not written", refused.Message);
        var teller = Assert.Single(store.Read("bank"));
        Assert.Equal("BBB", teller.Version.Hash);
        Assert.Equal([100], teller.State.ToArray());
    }

    [Fact]
    public void A_file_that_is_no_database_is_refused_naming_it()
    {
        File.WriteAllText(StorePath, "not a database, just text long enough to be read as a header and found wanting");

        var refused = Assert.Throws<StableStoreException>(() => SqliteStableStore.Open(StorePath));

        Assert.StartsWith($"the stable store '{StorePath}' could not open: ", refused.Message, StringComparison.Ordinal);
    }
}
