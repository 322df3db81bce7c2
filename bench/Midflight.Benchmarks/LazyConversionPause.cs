using System.Globalization;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Benchmarks;

/// <summary>
/// The pause of an update of a module holding <c>--objects</c> accounts (a million by default) whose
/// type changes — a balance in units becomes one in cents — done two ways in one run, alternating:
/// eagerly, a <c>[StateMapper]</c> converting the whole array inside the pause; and lazily, the accounts
/// in <see cref="Versioned"/> boxes, the array handed over as it is and each account converted by a
/// <c>[LazyMapper]</c> when the new version first asks for it. The pause is the node's own
/// (<see cref="ReconfigurationResult.Paused"/>); each update runs on a node of its own, started afresh.
/// </summary>
internal static class LazyConversionPause
{
    public const string Command = "lazy";

    // dotnet run -c Release --project bench/Midflight.Benchmarks -- lazy [--objects N] [--runs K]
    public static async Task<int> RunAsync(string[] args)
    {
        var switches = Switches.Parse(args, "--objects", "--runs");
        var objects = switches.Count("--objects", 1_000_000);
        var runs = switches.Count("--runs", 5);
        var eager = (First: Build("EagerV1", objects, Eager, "Account[]", UnitsAccount, "accounts[k].Balance"),
            Second: Build("EagerV2", objects, Eager, "Account[]", CentsAccount, "accounts[k].Cents / 100"));
        var lazy = (First: Build("LazyV1", objects, Lazily, "Midflight.Versioned[]", UnitsAccount, "accounts[k].Get<Account>().Balance"),
            Second: Build("LazyV2", objects, Lazily, "Midflight.Versioned[]", CentsAccount + LazyMapper, "accounts[k].Get<Account>().Cents / 100"));
        Console.WriteLine($"{objects:N0} accounts, {runs} runs, eager and lazy alternating");
        Console.WriteLine();
        Console.WriteLine("| run | eager: pause | eager: whole update | lazy: pause | lazy: whole update | eager / lazy pause |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        var pauses = (Eager: new List<double>(), Lazy: new List<double>());
        for (var run = 1; run <= runs; run++)
        {
            var (eagerPause, eagerWhole) = await UpdateAsync(eager.First, eager.Second.Modules[0].Source);
            var (lazyPause, lazyWhole) = await UpdateAsync(lazy.First, lazy.Second.Modules[0].Source);
            pauses.Eager.Add(eagerPause);
            pauses.Lazy.Add(lazyPause);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {eagerPause:0.###} ms | {eagerWhole:0.#} ms | {lazyPause:0.###} ms | {lazyWhole:0.#} ms | {eagerPause / lazyPause:0}× |"));
        }
        var (eagerMedian, lazyMedian) = (Quantile.Of(pauses.Eager, 0.5), Quantile.Of(pauses.Lazy, 0.5));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| median | {eagerMedian:0.###} ms | | {lazyMedian:0.###} ms | | {eagerMedian / lazyMedian:0}× |"));
        return 0;
    }

    /// <returns>The update's pause and its whole duration, in milliseconds.</returns>
    private static async Task<(double Pause, double Whole)> UpdateAsync(Configuration first, ModuleSource second)
    {
        await using var node = await Node.StartAsync(first, new NodeOptions { Output = new SilentOutput() });
        await node.WhenIdleAsync();
        var result = await node.UpdateAsync("keeper", second);
        if (!result.Updated.Any() && result.CarriedLazily.Count == 0)
        {
            throw new InvalidOperationException("the update did not switch the keeper");
        }
        return (result.Paused.TotalMilliseconds, result.Duration.TotalMilliseconds);
    }


    private const string Eager = "accounts[i] = new Account { Number = i, BALANCE };";

    private const string Lazily = "accounts[i] = new Midflight.Versioned(new Account { Number = i, BALANCE });";

    private const string UnitsAccount = """
        public sealed class Account
        {
            public int Number;
            public int Balance;
        }
        """;

    private const string CentsAccount = """
        public sealed class Account
        {
            public int Number;
            public long Cents;
        }

        public sealed class OldAccount
        {
            public int Number;
            public int Balance;
        }
        """;

    private const string LazyMapper = """

        public static class Mappers
        {
            [Midflight.LazyMapper]
            public static Account FromUnits(OldAccount old) => new() { Number = old.Number, Cents = old.Balance * 100L };
        }
        """;

    /// <summary>A keeper of <paramref name="objects"/> accounts, its assembly built into a folder of its own, as a configuration that runs it.</summary>
    private static Configuration Build(string name, int objects, string open, string table, string account, string balance)
    {
        var assembly = Path.Combine(Directory.CreateTempSubdirectory("midflight-lazy-").FullName, name + ".dll");
        var configuration = ConfigurationParser.Parse($$"""
            module keeper { source = "{{assembly}}#Workloads.Keeper" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: }
            module bench { instance keeper }
            """, "bench.mil").Configuration!;
        var inCents = account.Contains("Cents", StringComparison.Ordinal);
        // The eager version takes the first version's array under a new name, converting it whole in a
        // state mapper, inside the pause.
        var eagerlyConverted = inCents && !table.Contains("Versioned", StringComparison.Ordinal);
        var mapper = eagerlyConverted ? """
                [Midflight.StateMapper("accounts")]
                private void FromUnits(OldAccount[] old)
                {
                    ledger = new Account[old.Length];
                    for (var i = 0; i < old.Length; i++)
                    {
                        ledger[i] = new Account { Number = old[i].Number, Cents = old[i].Balance * 100L };
                    }
                }
            """ : "";
        var field = eagerlyConverted ? "ledger" : "accounts";
        PreparedModules.Build(assembly, configuration.Modules, $$"""
            namespace Workloads;

            public sealed class Keeper : Midflight.Module
            {
                private {{table}} {{field}} = new {{table.Replace("[]", $"[{objects}]", StringComparison.Ordinal)}};

            {{mapper}}

                protected override void Run()
                {
                    for (var i = 0; i < {{field}}.Length; i++)
                    {
                        {{open.Replace("accounts", field, StringComparison.Ordinal).Replace("BALANCE", inCents ? "Cents = i * 100L" : "Balance = i", StringComparison.Ordinal)}}
                    }
                    int k;
                    while (true)
                    {
                    R:
                        k = Read<int>("in");
                        Print(({{balance.Replace("accounts", field, StringComparison.Ordinal)}}).ToString());
                    }
                }
            }

            {{account}}
            """);
        return configuration;
    }
}
