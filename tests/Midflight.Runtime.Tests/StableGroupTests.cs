using Microsoft.Extensions.Time.Testing;
using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Argus's guardian: a group of two instances with stable state — a teller that keeps a balance and
/// an auditor that counts the entries it is sent — updated as one, and started again from the stable
/// store with the versions and states the members last committed.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class StableGroupTests
{
    private static readonly TimeSpan Step = Midflight.TestModules.Counter.Interval;

    private const string TellerV1 = """
        namespace Bank;

        public sealed class Teller : Midflight.Module
        {
            private long balance;

            protected override void Run()
            {
                while (true)
                {
                    int amount;
                R:
                    amount = Read<int>("in");
                    Write("audit", amount);
                    balance += amount;
                    CommitState();
                    Print($"balance {balance}");
                }
            }
        }
        """;

    /// <summary>The balance in cents: the old balance, in whole units, is converted once.</summary>
    private const string TellerV2 = """
        namespace Bank;

        public sealed class Teller : Midflight.Module
        {
            private long cents;

            [Midflight.StateMapper("balance")]
            private void FromUnits(long balance) => cents = balance * 100;

            protected override void Run()
            {
                while (true)
                {
                    int amount;
                R:
                    amount = Read<int>("in");
                    Write("audit", amount);
                    cents += amount * 100L;
                    CommitState();
                    Print($"balance {cents / 100}");
                }
            }
        }
        """;

    private const string AuditorV1 = """
        namespace Bank;

        public sealed class Auditor : Midflight.Module
        {
            private int entries;

            protected override void Run()
            {
                while (true)
                {
                    int amount;
                R:
                    amount = Read<int>("audit");
                    entries++;
                    CommitState();
                    Print($"entries {entries}");
                }
            }
        }
        """;

    /// <summary>Counts in a long: the old count is converted once.</summary>
    private const string AuditorV2 = """
        namespace Bank;

        public sealed class Auditor : Midflight.Module
        {
            private long count;

            [Midflight.StateMapper("entries")]
            private void FromEntries(int entries) => count = entries;

            protected override void Run()
            {
                while (true)
                {
                    int amount;
                R:
                    amount = Read<int>("audit");
                    count++;
                    CommitState();
                    Print($"entries {count}");
                }
            }
        }
        """;

    private static string Teller(ModuleSource source) => $$"""
        module teller { source = "{{source}}" :: use interface in pattern = {integer} :: define interface audit pattern = {integer} :: reconfiguration point = {R} :: }
        """;

    private static string Auditor(ModuleSource source) => $$"""
        module auditor { source = "{{source}}" :: use interface audit pattern = {integer} :: reconfiguration point = {R} :: }
        """;

    private static ModuleSource Version(string name, string text, string module) =>
        ModuleVersions.Build(name, (module == "teller" ? Teller(new ModuleSource($"versions/{name}.dll", "Bank.Teller")) : Auditor(new ModuleSource($"versions/{name}.dll", "Bank.Auditor"))) + "module app { instance " + module + " }",
            (module + ".cs", text));

    private static string Configuration(ModuleSource teller, ModuleSource auditor, string group = "group ledger {teller, auditor} stable") => $$"""
        module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
        {{Teller(teller)}}
        {{Auditor(auditor)}}
        module bank {
          instance counter instance teller instance auditor
          bind "counter out" "teller in"
          bind "teller audit" "auditor audit"
          {{group}}
        }
        """;

    private sealed class Bank
    {
        public ModuleSource Teller1 { get; } = Version("StableTeller1", TellerV1, "teller");
        public ModuleSource Auditor1 { get; } = Version("StableAuditor1", AuditorV1, "auditor");
        public FakeTimeProvider Time { get; } = new(TestNodes.Epoch);
        public Recorder Recorder { get; } = new();
        public MemoryStableStore Store { get; } = new();

        public string Configuration(string group = "group ledger {teller, auditor} stable") => StableGroupTests.Configuration(Teller1, Auditor1, group);

        public async Task<Node> StartAsync(string? configuration = null) =>
            await TestNodes.SettledAsync(await Node.StartAsync(TestNodes.Parse(configuration ?? Configuration()), TestNodes.Options(Time, Recorder) with { StableStore = Store }));

        /// <summary>Runs until the teller has printed <paramref name="more"/> lines more, and the auditor has caught up with it.</summary>
        public async Task RunAsync(Node node, int more)
        {
            var until = Recorder.Printed("teller").Count + more;
            await Drive.UntilAsync(node, Time, () => Recorder.Printed("teller").Count >= until && Recorder.Printed("auditor").Count >= Recorder.Printed("teller").Count, Step);
        }

        public string Last(string instance) => Recorder.Printed(instance)[^1];
    }

    [Fact]
    public async Task A_group_update_switches_both_members_in_one_transaction_converts_each_state_once_and_a_restart_takes_them_back()
    {
        var bank = new Bank();
        var teller2 = Version("StableTeller2", TellerV2, "teller");
        var auditor2 = Version("StableAuditor2", AuditorV2, "auditor");
        var node = await bank.StartAsync();
        await bank.RunAsync(node, 10);

        var result = await Drive.CompleteAsync(node, bank.Time, node.UpdateGroupAsync("ledger", new Dictionary<string, ModuleSource> { ["teller"] = teller2, ["auditor"] = auditor2 }), Step);

        Assert.Equal(["auditor", "teller"], result.Updated.Select(u => u.Host.InstanceName).Order());
        Assert.Equal(teller2, node.Status["teller"].Spec.Source);
        Assert.Equal(auditor2, node.Status["auditor"].Spec.Source);
        await bank.RunAsync(node, 5);
        // The counter wrote 0, 1, …, n - 1: the balance is their sum, in whole units once converted to cents.
        var read = bank.Recorder.Printed("teller").Count;
        Assert.Equal($"balance {(long)read * (read - 1) / 2}", bank.Last("teller"));
        Assert.Equal($"entries {read}", bank.Last("auditor"));
        var (balance, entries) = (Number(bank.Last("teller")), Number(bank.Last("auditor")));
        var (tellerBefore, auditorBefore) = (bank.Recorder.Printed("teller").Count, bank.Recorder.Printed("auditor").Count);
        await node.DisposeAsync();

        // Started again from the configuration, which names the first versions: the store's versions and states win.
        await using var again = await bank.StartAsync();
        Assert.Equal(teller2, again.Status["teller"].Spec.Source);
        Assert.Equal(auditor2, again.Status["auditor"].Spec.Source);
        await bank.RunAsync(again, 2);
        // The counter starts again at 0, then 1: the balance and the count go on from where they were committed.
        Assert.Equal([$"balance {balance}", $"balance {balance + 1}"], bank.Recorder.Printed("teller").Skip(tellerBefore).Take(2));
        Assert.Equal([$"entries {entries + 1}", $"entries {entries + 2}"], bank.Recorder.Printed("auditor").Skip(auditorBefore).Take(2));
    }

    private static long Number(string printed) => long.Parse(printed.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_member_that_fails_after_a_group_update_takes_the_whole_group_back_to_the_old_versions_and_the_books_agree()
    {
        var bank = new Bank();
        // The teller's new version fails on its third deposit, in its health window; the auditor's new version is sound.
        var failing = Version("StableTellerFailing", TellerV2
            .Replace("    private long cents;", "    private long cents;\n    private int served;", StringComparison.Ordinal)
            .Replace("cents += amount * 100L;", "if (++served == 3) { throw new InvalidOperationException(\"the teller lost its way\"); }\n            cents += amount * 100L;", StringComparison.Ordinal), "teller");
        var auditor2 = Version("StableAuditor2", AuditorV2, "auditor");
        await using var node = await bank.StartAsync();
        await bank.RunAsync(node, 5);

        await Drive.CompleteAsync(node, bank.Time, node.UpdateGroupAsync("ledger", new Dictionary<string, ModuleSource> { ["teller"] = failing, ["auditor"] = auditor2 }), Step);
        await Drive.UntilAsync(node, bank.Time, () => node.Status["teller"].Spec.Source == bank.Teller1 && node.Status["auditor"].Spec.Source == bank.Auditor1, Step, maxSteps: 200);

        // Both back on the first versions, in the store too, and the books agree: every value read once by each.
        Assert.All(bank.Store.Read("bank"), r => Assert.Contains(r.Version.Source, new[] { bank.Teller1.ToString(), bank.Auditor1.ToString() }));
        await Drive.UntilAsync(node, bank.Time, () => Number(bank.Last("auditor")) is var entries and > 10 && bank.Last("teller") == $"balance {entries * (entries - 1) / 2}", Step, maxSteps: 100);
    }

    [Fact]
    public async Task A_group_update_one_of_whose_versions_does_not_fit_switches_no_member_and_the_store_keeps_the_old_versions()
    {
        var bank = new Bank();
        var teller2 = Version("StableTeller2", TellerV2, "teller");
        // The count changes type with no mapper to convert it.
        var misfit = Version("StableAuditorMisfit", AuditorV2.Replace("[Midflight.StateMapper(\"entries\")]", "", StringComparison.Ordinal).Replace("FromEntries(int entries) => count = entries;", "Unused() { }", StringComparison.Ordinal).Replace("long count", "long entries", StringComparison.Ordinal).Replace("count++", "entries++", StringComparison.Ordinal).Replace("{count}", "{entries}", StringComparison.Ordinal), "auditor");
        var node = await bank.StartAsync();
        await bank.RunAsync(node, 5);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, bank.Time,
            node.UpdateGroupAsync("ledger", new Dictionary<string, ModuleSource> { ["teller"] = teller2, ["auditor"] = misfit }), Step));

        Assert.Contains("field 'entries' changed shape (it was a 'System.Int32' and is a 'System.Int64'), and no [StateMapper(\"entries\")] converts it", refused.Message, StringComparison.Ordinal);
        Assert.Equal(bank.Teller1, node.Status["teller"].Spec.Source);
        Assert.Equal(bank.Auditor1, node.Status["auditor"].Spec.Source);
        Assert.All(bank.Store.Read("bank"), r => Assert.Contains(r.Version.Source, new[] { bank.Teller1.ToString(), bank.Auditor1.ToString() }));
        await bank.RunAsync(node, 5);
        var read = bank.Recorder.Printed("teller").Count;
        Assert.Equal($"balance {(long)read * (read - 1) / 2}", bank.Last("teller"));
        await node.DisposeAsync();
    }

    [Fact]
    public async Task Naming_a_group_that_does_not_exist_or_an_instance_that_is_not_a_member_is_refused_with_the_names_there_are()
    {
        var bank = new Bank();
        await using var node = await bank.StartAsync();

        var noGroup = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReplaceGroupAsync("ledgr"));
        var stranger = await Assert.ThrowsAsync<ReconfigurationException>(() => node.UpdateGroupAsync("ledger", new Dictionary<string, ModuleSource> { ["counter"] = bank.Teller1 }));

        Assert.Equal("there is no group 'ledgr' (the groups: ledger); the application is unchanged", noGroup.Message);
        Assert.Equal("'counter' is not a member of group 'ledger' (its members: teller, auditor); the application is unchanged", stranger.Message);
    }

    [Fact]
    public async Task A_group_one_of_whose_members_was_removed_cannot_switch_as_one_and_says_so()
    {
        var bank = new Bank();
        await using var node = await bank.StartAsync(bank.Configuration("group ledger {teller, auditor}"));
        await Drive.CompleteAsync(node, bank.Time, node.ReconfigureAsync(Scripts.Remove(node.Status, "auditor")), Step);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => node.ReplaceGroupAsync("ledger"));

        Assert.Equal("group 'ledger' has lost its member 'auditor', which the application no longer runs: the group cannot switch as one; the application is unchanged", refused.Message);
    }

    [Fact]
    public async Task A_group_replace_moves_both_states_and_a_group_that_is_not_stable_keeps_nothing()
    {
        var bank = new Bank();
        var node = await bank.StartAsync(bank.Configuration("group ledger {teller, auditor}"));
        await bank.RunAsync(node, 5);

        var result = await Drive.CompleteAsync(node, bank.Time, node.ReplaceGroupAsync("ledger"), Step);
        await bank.RunAsync(node, 5);

        Assert.Equal(2, result.MovedFrames.Count);
        var read = bank.Recorder.Printed("teller").Count;
        Assert.Equal($"balance {(long)read * (read - 1) / 2}", bank.Last("teller"));
        Assert.Empty(bank.Store.Read("bank"));
        await node.DisposeAsync();
    }

    [Fact]
    public async Task A_stable_group_without_a_store_or_with_a_record_that_does_not_fit_does_not_start()
    {
        var bank = new Bank();
        var parsed = TestNodes.Parse(bank.Configuration());

        var noStore = await Assert.ThrowsAsync<ReconfigurationException>(() => Node.StartAsync(parsed, TestNodes.Options(bank.Time, bank.Recorder)));
        Assert.Contains("group 'ledger' is stable, but the node has no stable store", noStore.Message, StringComparison.Ordinal);

        var node = await bank.StartAsync();
        await bank.RunAsync(node, 3);
        await node.DisposeAsync();
        var teller = bank.Store.Read("bank").Single(r => r.Instance == "teller");

        bank.Store.Write("bank", [teller with { State = new byte[] { 1, 2, 3 } }]);
        var corrupt = await Assert.ThrowsAsync<ReconfigurationException>(() => bank.StartAsync());
        Assert.StartsWith("the stable state of 'teller' (group 'ledger') cannot be read:", corrupt.Message, StringComparison.Ordinal);

        bank.Store.Write("bank", [teller with { Module = "cashier" }]);
        var other = await Assert.ThrowsAsync<ReconfigurationException>(() => bank.StartAsync());
        Assert.Equal("the stable store holds 'teller' of group 'ledger' as an instance of module 'cashier', but the configuration declares it of module 'teller'; nothing runs ('midflight state forget' deletes the group's records, for its members to start as the configuration says)", other.Message);
    }
}
