using Microsoft.Extensions.Time.Testing;
using Midflight.Model;

namespace Midflight.Runtime.Tests;

/// <summary>
/// Fabry's lazy conversion: an update carries a table of <see cref="Versioned"/> accounts as the old
/// version left it, and the new version's lazy mapper converts each account the first time the new
/// code asks for it — once — while those never asked for stay as they were.
/// </summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class LazyConversionTests
{
    private static readonly TimeSpan Step = Midflight.TestModules.Counter.Interval;

    private const int Accounts = 1000;

    /// <summary>Holds a thousand accounts, each opened with a balance of its number; prints the balance of the account each value read names, of ten.</summary>
    private static string Holder(string balance, string account) => $$"""
        namespace Lazy;

        public sealed class Holder : Midflight.Module
        {
            private readonly Dictionary<int, Midflight.Versioned> accounts = new();

            protected override void Run()
            {
                for (var i = 0; i < 1000; i++)
                {
                    accounts[i] = new Midflight.Versioned(Open(i));
                }
                int value;
                while (true)
                {
                R:
                    value = Read<int>("in");
                    Print($"{value}: {Balance(accounts[value % 10])}");
                }
            }

            {{balance}}
        }

        {{account}}
        """;

    private const string Units = """
            private static Account Open(int i) => new() { Name = "account " + i, Balance = i };

            private static long Balance(Midflight.Versioned account) => account.Get<Account>().Balance;
        """;

    private const string UnitsAccount = """
        public sealed class Account
        {
            public string Name = "";
            public int Balance;
        }
        """;

    /// <summary>The accounts in cents: each converted when first asked for.</summary>
    private const string Cents = """
            private static Account Open(int i) => new() { Name = "account " + i, Cents = i * 100L };

            private static long Balance(Midflight.Versioned account) => account.Get<Account>().Cents / 100;
        """;

    private const string CentsAccount = """
        public sealed class Account
        {
            public string Name = "";
            public long Cents;

            [Midflight.LazyMapper]
            private static Account FromUnits(OldAccount old) => new() { Name = old.Name, Cents = old.Balance * 100L };
        }

        public sealed class OldAccount
        {
            public string Name = "";
            public int Balance;
        }
        """;

    private static string Specification(ModuleSource source) => $$"""
        module holder { source = "{{source}}" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: }
        """;

    private static ModuleSource Version(string name, string text) =>
        ModuleVersions.Build(name, Specification(new ModuleSource($"versions/{name}.dll", "Lazy.Holder")) + "module app { instance holder }", ("Holder.cs", text));

    private static ModuleSource First() => Version("LazyHolder1", Holder(Units, UnitsAccount));

    private static ModuleSource InCents() => Version("LazyHolderCents", Holder(Cents, CentsAccount));

    /// <summary>A node running <paramref name="first"/> fed by a counter, once the holder has printed five balances.</summary>
    private static async Task<(Node Node, FakeTimeProvider Time, Recorder Recorder)> StartAsync(ModuleSource first)
    {
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var node = await TestNodes.StartAsync($$"""
            module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
            {{Specification(first)}}
            module app { instance counter instance holder bind "counter out" "holder in" }
            """, time, recorder);
        await Drive.UntilAsync(node, time, () => recorder.Printed("holder").Count >= 5, Step);
        return (node, time, recorder);
    }

    /// <summary>Every balance as the first version printed it: each value v names account v % 10, opened with a balance of its number.</summary>
    private static void AssertBalancesAsOpened(Recorder recorder) =>
        Assert.All(recorder.Printed("holder"), line => Assert.Equal($"{line.Split(':')[0]}: {int.Parse(line.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture) % 10}", line));

    [Fact]
    public async Task An_update_carries_the_table_as_it_is_and_converts_each_account_once_when_first_asked_for()
    {
        var first = First();
        var (node, time, recorder) = await StartAsync(first);
        await using var _ = node;

        var result = await Drive.CompleteAsync(node, time, node.UpdateAsync("holder", InCents()), Step);

        Assert.Equal(["holder"], result.CarriedLazily);
        var before = recorder.Printed("holder").Count;
        await Drive.UntilAsync(node, time, () => recorder.Printed("holder").Count >= before + 30, Step);
        AssertBalancesAsOpened(recorder);
        // Ten accounts asked for, thirty times and more: ten converted, once each; the other 990 never.
        Assert.Equal(10, node.Status["holder"].LazilyConverted);

        var rollback = await Assert.ThrowsAsync<ReconfigurationException>(() => node.RollbackAsync("holder", "test"));
        Assert.StartsWith("the last update of 'holder' handed its lazily converted objects to the new version as they were", rollback.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_of_a_stable_group_cannot_hand_a_table_over_lazily_and_the_update_is_refused_before_anything_changes()
    {
        var first = First();
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        var configuration = TestNodes.Parse($$"""
            module counter { source = "{{TestNodes.TestModule("Counter")}}" :: define interface out pattern = {integer} }
            {{Specification(first)}}
            module app { instance counter instance holder bind "counter out" "holder in" group kept {holder} stable }
            """);
        await using var node = await TestNodes.SettledAsync(await Node.StartAsync(configuration, TestNodes.Options(time, recorder) with { StableStore = new MemoryStableStore() }));
        await Drive.UntilAsync(node, time, () => recorder.Printed("holder").Count >= 3, Step);

        var refused = await Assert.ThrowsAsync<ReconfigurationException>(() => Drive.CompleteAsync(node, time, node.UpdateAsync("holder", InCents()), Step));

        Assert.Contains("holder is a member of stable group 'kept', whose state is written whole at the switch, and its fields 'accounts' hold objects to be converted lazily", refused.Message, StringComparison.Ordinal);
        Assert.Equal(first, node.Status["holder"].Spec.Source);
        var printed = recorder.Printed("holder").Count;
        await Drive.UntilAsync(node, time, () => recorder.Printed("holder").Count > printed, Step);
    }

    /// <summary>The eager way, for comparison: an array that keeps its type's name, <c>Account[]</c>, while <c>Account</c> changes shape.</summary>
    private static string Table(string account, string balance, string mapper) => $$"""
        namespace Lazy;

        public sealed class Holder : Midflight.Module
        {
            private Account[] accounts = new Account[10];

            {{mapper}}

            protected override void Run()
            {
                for (var i = 0; i < accounts.Length; i++)
                {
                    accounts[i] = {{account}};
                }
                int value;
                while (true)
                {
                R:
                    value = Read<int>("in");
                    Print($"{value}: {{{balance}}}");
                }
            }
        }

        {{(account.Contains("Cents", StringComparison.Ordinal) ? CentsAccount : UnitsAccount).Replace("[Midflight.LazyMapper]", "", StringComparison.Ordinal).Replace("private static Account FromUnits(OldAccount old) => new() { Name = old.Name, Cents = old.Balance * 100L };", "", StringComparison.Ordinal)}}
        """;

    [Fact]
    public async Task A_state_mapper_converts_an_array_whose_element_type_kept_its_name_and_changed_shape()
    {
        var first = Version("TableUnits", Table("new Account { Name = \"account \" + i, Balance = i }", "accounts[value % 10].Balance", ""));
        var cents = Version("TableCents", Table("new Account { Name = \"account \" + i, Cents = i * 100L }", "accounts[value % 10].Cents / 100", """
            [Midflight.StateMapper("accounts")]
                private void FromUnits(OldAccount[] old) => accounts = old.Select(a => new Account { Name = a.Name, Cents = a.Balance * 100L }).ToArray();
            """));
        var (node, time, recorder) = await StartAsync(first);
        await using var _ = node;

        await Drive.CompleteAsync(node, time, node.UpdateAsync("holder", cents), Step);
        var before = recorder.Printed("holder").Count;
        await Drive.UntilAsync(node, time, () => recorder.Printed("holder").Count >= before + 12, Step);

        Assert.Equal(cents, node.Status["holder"].Spec.Source);
        AssertBalancesAsOpened(recorder);
    }

    /// <summary>An account of the running version, and one of a version that asks for it in another shape.</summary>
    private sealed class InUnits
    {
        public int Balance;
    }

    private sealed class InCentsOnly
    {
        public long Cents;

        public static int Conversions;

        [LazyMapper]
        private static InCentsOnly From(UnitsShape old)
        {
            Interlocked.Increment(ref Conversions);
            return new InCentsOnly { Cents = old.Balance * 100L };
        }
    }

    private sealed class UnitsShape
    {
        public int Balance { get; init; }
    }

    [Fact]
    public void Threads_that_ask_for_one_object_at_once_see_it_converted_once_and_get_the_same_object()
    {
        var box = new Versioned(new InUnits { Balance = 7 });
        var seen = new InCentsOnly[8];
        using var start = new Barrier(seen.Length);

        Parallel.For(0, seen.Length, new ParallelOptions { MaxDegreeOfParallelism = seen.Length }, i =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            seen[i] = box.Get<InCentsOnly>();
        });

        Assert.Equal(1, InCentsOnly.Conversions);
        Assert.All(seen, s => Assert.Same(seen[0], s));
        Assert.Equal(700, seen[0].Cents);
    }

    [Fact]
    public void An_object_asked_for_in_a_type_with_no_lazy_mapper_says_which_types()
    {
        var box = new Versioned(new InUnits { Balance = 7 });

        var refused = Assert.Throws<InvalidOperationException>(() => box.Get<UnitsShape>());

        Assert.Equal($"a '{typeof(InUnits).FullName}' of an earlier version is asked for as a '{typeof(UnitsShape).FullName}', and no [LazyMapper] method returning 'UnitsShape' converts it", refused.Message);
    }
}
