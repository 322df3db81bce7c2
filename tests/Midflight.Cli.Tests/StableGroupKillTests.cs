using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Midflight.Cli.Tests;

/// <summary>
/// The Ledger example's stable group — a teller and an auditor, under a customer's steady deposits —
/// updated as one to the version that keeps cents and counts in a long, its node killed outright
/// (SIGKILL) at random moments of the switch. However the kill falls, the node started again runs
/// both members on one version, with the states they committed: converted once if the new version
/// runs, as they were if the old one does, and never behind what the customer was answered.
/// </summary>
public sealed partial class StableGroupKillTests : IDisposable
{
    private static readonly string Ledger = Path.Combine(AppContext.BaseDirectory, "Ledger.dll");
    private static readonly string Cents = Path.Combine(AppContext.BaseDirectory, "Ledger.Cents.dll");
    private readonly string _folder = Directory.CreateTempSubdirectory("midflight-stable-").FullName;
    private readonly ITestOutputHelper _output;

    public StableGroupKillTests(ITestOutputHelper output)
    {
        _output = output;
        // The example's configuration, its sources the assemblies its build prepared.
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "Ledger", "ledger.mil"))
            .Replace("Ledger.csproj", Ledger, StringComparison.Ordinal);
        File.WriteAllText(Configuration, text);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Configuration => Path.Combine(_folder, "ledger.mil");

    /// <summary>What a member says as its run starts: its version's unit, and its state — deposits or entries, and the balance or total.</summary>
    private sealed record Started(string Unit, long Count, long Amount);

    [GeneratedRegex(@"^teller: teller \((units|cents)\) starts with (?:balance )?(\d+)(?: cents)? after (\d+) deposits$")]
    private static partial Regex TellerStarts();

    [GeneratedRegex(@"^auditor: auditor \((int|long)\) starts with (\d+) entries, total (\d+)$")]
    private static partial Regex AuditorStarts();

    [GeneratedRegex(@"^customer: deposit \d+: balance (\d+)$")]
    private static partial Regex Answered();

    [Fact]
    public async Task A_node_killed_at_random_moments_of_a_group_update_starts_again_with_both_members_on_one_version_and_their_states_right()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        // The commit point comes a few to a hundred milliseconds after the change begins (loading both
        // versions, then both members at their points), sooner on a quiet machine. Any moment up to
        // the bound can be drawn, the early ones far more often (a uniform draw to the fourth power):
        // about three kills in ten fall within the first 3 ms, and as many after 100 ms, so kills land
        // before the commit point, after it and around it. They go on until each outcome has come twice.
        const int EachOutcome = 2;
        const int MostKills = 30;
        var bound = TimeSpan.FromMilliseconds(400);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MIDFLIGHT_KILL_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        var random = new Random(seed);
        var outcomes = new List<string>();
        while ((outcomes.Count(o => o == "old") < EachOutcome || outcomes.Count(o => o == "new") < EachOutcome) && outcomes.Count < MostKills)
        {
            var delay = TimeSpan.FromMilliseconds(Math.Round(bound.TotalMilliseconds * Math.Pow(random.NextDouble(), 4)));
            var moment = $"seed {seed}, kill {outcomes.Count + 1} at {delay.TotalMilliseconds} ms after the update began";
            ForgetStableStore();
            long answered; // a balance the customer was answered: committed before the answer
            using (var node = await MidflightProcess.StartAsync("run", Configuration))
            {
                await node.PrintedAsync(line => Answered().Match(line) is { Success: true } m && long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0);
                answered = node.Lines.Select(l => Answered().Match(l)).Where(m => m.Success).Max(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                var update = new CliRun().InvokeAsync(["update", Configuration, "books", "--with", $"teller={Cents}", "--with", $"auditor={Cents}"], CancellationToken.None);
                await node.PrintedAsync(line => line.Contains("Reconfiguration 'update group books: ", StringComparison.Ordinal) && line.Contains("' begun, asked for by", StringComparison.Ordinal));
                await Task.Delay(delay); // the moment of the kill, not a wait for anything
                node.Kill();
                await node.ExitAsync(MidflightProcess.Patience);
                await update;
            }

            var (teller, auditor) = await StartAgainAsync(moment);
            var outcome = teller.Unit == "units" ? "old" : "new";
            Assert.True(auditor.Unit == (outcome == "old" ? "int" : "long"), $"{moment}: the teller runs the {outcome} version and the auditor the other: {teller}, {auditor}");
            // The balance in whole units: the new version's cents were converted from units once, and only whole units were deposited since.
            Assert.True(teller.Unit == "units" || teller.Amount % 100 == 0, $"{moment}: {teller.Amount} cents is no whole balance");
            var balance = teller.Unit == "units" ? teller.Amount : teller.Amount / 100;
            Assert.True(balance >= answered, $"{moment}: the customer was answered a balance of {answered}, and the teller starts again with {balance}");
            // Deposits are of 1 to 9: a balance converted twice, or not at all, falls outside.
            Assert.True(teller.Count <= balance && balance <= 9 * teller.Count, $"{moment}: a balance of {balance} after {teller.Count} deposits of 1 to 9");
            // The teller tells the auditor of a deposit once it has committed it: the auditor is never ahead.
            Assert.True(auditor.Count <= teller.Count && auditor.Amount <= balance, $"{moment}: the auditor counts {auditor.Count} entries of {auditor.Amount} in all, the teller {teller.Count} deposits of {balance}");
            outcomes.Add(outcome);
        }
        var summary = $"seed {seed}: {outcomes.Count} kills, {outcomes.Count(o => o == "old")} started again on the old version, {outcomes.Count(o => o == "new")} on the new";
        _output.WriteLine(summary);
        Assert.True(outcomes.Count(o => o == "old") >= EachOutcome && outcomes.Count(o => o == "new") >= EachOutcome, summary);
    }

    /// <summary>Starts the node again, reads what each member says as it starts, and stops it.</summary>
    private async Task<(Started Teller, Started Auditor)> StartAgainAsync(string moment)
    {
        using var node = MidflightProcess.Start(["run", Configuration], new Dictionary<string, string>());
        await node.PrintedAsync(line => line.StartsWith("Running", StringComparison.Ordinal));
        node.Kill();
        var (_, printed) = await node.ExitAsync(MidflightProcess.Patience);
        var lines = printed.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var teller = lines.Select(l => TellerStarts().Match(l)).FirstOrDefault(m => m.Success)
            ?? throw new Xunit.Sdk.XunitException($"{moment}: the teller said nothing as it started again:\n{printed}");
        var auditor = lines.Select(l => AuditorStarts().Match(l)).FirstOrDefault(m => m.Success)
            ?? throw new Xunit.Sdk.XunitException($"{moment}: the auditor said nothing as it started again:\n{printed}");
        return (new(teller.Groups[1].Value, Number(teller.Groups[3]), Number(teller.Groups[2])),
            new(auditor.Groups[1].Value, Number(auditor.Groups[2]), Number(auditor.Groups[3])));

        static long Number(Group group) => long.Parse(group.Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Each kill starts from the first version and a store that holds nothing.</summary>
    private void ForgetStableStore()
    {
        foreach (var file in Directory.Exists(Path.Combine(_folder, ".midflight")) ? Directory.GetFiles(Path.Combine(_folder, ".midflight"), "ledger.stable.db*") : [])
        {
            File.Delete(file);
        }
    }
}
