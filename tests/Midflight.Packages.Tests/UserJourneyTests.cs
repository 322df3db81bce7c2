using Midflight.Cli.Tests;

namespace Midflight.Packages.Tests;

/// <summary>
/// Midflight as a user outside this repository gets it: the packages packed into a feed, the tool and
/// the templates installed from it, an application made from the template, built, run with the
/// installed tool and updated while it runs, and its own tests run — with nothing of the repository's
/// sources in it.
/// </summary>
public sealed class UserJourneyTests : IDisposable
{
    private static readonly string[] Expected =
    [
        "Midflight.Cli", "Midflight.Cluster", "Midflight.Control", "Midflight.Hosting", "Midflight.Model", "Midflight.Participation",
        "Midflight.Runtime", "Midflight.Scripting.Host", "Midflight.Sdk", "Midflight.State", "Midflight.Templates", "Midflight.Transform",
    ];

    private readonly UserMachine _machine = new();

    [Fact]
    public async Task From_the_packages_a_user_creates_builds_runs_updates_and_tests_an_application()
    {
        var (packed, packOutput) = await _machine.PackAsync();
        Assert.True(packed == 0, packOutput);
        Assert.Equal(Expected, _machine.Packages());
        AssertNoTestOrBenchmarkCode();

        var tool = await _machine.DotnetAsync(_machine.Folder, "tool", "install", "Midflight.Cli", "--tool-path", _machine.Tools, "--version", _machine.Version, "--add-source", _machine.Feed);
        Assert.True(tool.Exit == 0, tool.Output);
        var templates = await _machine.DotnetAsync(_machine.Folder, "new", "install", $"Midflight.Templates::{_machine.Version}", "--add-source", _machine.Feed);
        Assert.True(templates.Exit == 0, templates.Output);
        Assert.Contains("midflight-app", templates.Output, StringComparison.Ordinal);
        Assert.Contains("midflight-module", templates.Output, StringComparison.Ordinal);

        var created = await _machine.DotnetAsync(_machine.Folder, "new", "midflight-app", "--name", "Shop");
        Assert.True(created.Exit == 0, created.Output);
        var shop = Path.Combine(_machine.Folder, "Shop");
        var built = await _machine.DotnetAsync(shop, "build");
        Assert.True(built.Exit == 0, built.Output);
        Assert.Contains(" 0 Warning(s)", built.Output, StringComparison.Ordinal);

        // Stats, with its point R, is prepared by the build: its prepared source is under obj/.
        var prepared = Path.Combine(shop, "src", "Shop.Modules", "obj", "Debug", "net10.0", "midflight", "Stats.cs");
        Assert.True(File.Exists(prepared), $"no prepared source at {prepared}");
        Assert.Contains("global::Midflight.CaptureContext", File.ReadAllText(prepared), StringComparison.Ordinal);
        AssertNoReferenceToTheRepository(shop);

        await RunAndUpdateAsync(shop);

        var tested = await _machine.DotnetAsync(shop, "test");
        Assert.True(tested.Exit == 0, tested.Output);
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+2,", tested.Output);

        // A module project made from the other template builds and is prepared, with the SDK alone.
        var module = await _machine.DotnetAsync(_machine.Folder, "new", "midflight-module", "--name", "Pricing");
        Assert.True(module.Exit == 0, module.Output);
        var pricing = Path.Combine(_machine.Folder, "Pricing");
        var moduleBuilt = await _machine.DotnetAsync(pricing, "build");
        Assert.True(moduleBuilt.Exit == 0, moduleBuilt.Output);
        Assert.True(File.Exists(Path.Combine(pricing, "obj", "Debug", "net10.0", "midflight", "Worker.cs")), moduleBuilt.Output);
    }

    /// <summary>
    /// Runs the application with the installed tool, updates stats to its second version while it runs
    /// (the state mapper turns the long total into a decimal), and stops it: no reading is lost, the
    /// total goes on from where the first version left it.
    /// </summary>
    private async Task RunAndUpdateAsync(string shop)
    {
        using var run = MidflightProcess.Start(Path.Combine(_machine.Tools, "midflight"), ["run", "app.mil", "--for", "10m"], _machine.Variables, shop);
        try
        {
            await run.PrintedAsync(line => line.StartsWith("stats: batch 2:", StringComparison.Ordinal));

            var update = await _machine.MidflightAsync(shop, "update", "app.mil", "stats", "--with", "updates/Shop.Stats.V2/Shop.Stats.V2.csproj");

            Assert.True(update.Exit == 0, update.Output + "\n" + run.Output);
            Assert.Contains("updated in", update.Output, StringComparison.Ordinal);
            await run.PrintedAsync(line => line.EndsWith("(v2)", StringComparison.Ordinal));
            var batches = run.Lines.Where(line => line.StartsWith("stats: batch ", StringComparison.Ordinal)).Select(Batch.Parse).ToList();
            var firstOfV2 = batches.FindIndex(b => b.V2);
            Assert.True(firstOfV2 > 0, run.Output);
            // Every batch numbered in turn, and each total the one before plus its sum, across the update.
            Assert.Equal(Enumerable.Range(1, batches.Count), batches.Select(b => b.Number));
            Assert.All(batches.Skip(1).Zip(batches), pair => Assert.Equal(pair.Second.Total + pair.First.Sum, pair.First.Total));
        }
        finally
        {
            // SIGTERM, as a service manager stops it: a clean stop.
            using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        var (exit, output) = await run.ExitAsync(MidflightProcess.Patience);
        Assert.True(exit == 0, output);
        Assert.EndsWith("Stopped", output.TrimEnd(), StringComparison.Ordinal);
    }

    private void AssertNoTestOrBenchmarkCode()
    {
        foreach (var package in Directory.GetFiles(_machine.Feed, "*.nupkg"))
        {
            using var archive = System.IO.Compression.ZipFile.OpenRead(package);
            var offending = archive.Entries.Select(e => e.FullName)
                .Where(name => name.Contains("Tests", StringComparison.Ordinal) || name.Contains("Benchmark", StringComparison.Ordinal)
                    || name.Contains("TestModules", StringComparison.Ordinal) || name.Contains("Examples", StringComparison.Ordinal))
                // The template's own tests are the user's to keep: they are what the template makes.
                .Where(name => !name.StartsWith("content/midflight-app/tests/", StringComparison.Ordinal))
                .ToList();
            Assert.True(offending.Count == 0, $"{Path.GetFileName(package)} carries {string.Join(", ", offending)}");
        }
    }

    /// <summary>Nothing the user's application holds or restored names a path into this repository.</summary>
    private static void AssertNoReferenceToTheRepository(string application)
    {
        var files = Directory.EnumerateFiles(application, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".slnx", StringComparison.Ordinal) || f.EndsWith(".mil", StringComparison.Ordinal)
                || f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith("project.assets.json", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.DoesNotContain(UserMachine.Repository, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    public void Dispose() => _machine.Dispose();

    /// <summary>One line stats prints: <c>batch 3: sum 80, total 235</c>, with <c>, mean … (v2)</c> after an update.</summary>
    private sealed record Batch(int Number, long Sum, decimal Total, bool V2)
    {
        public static Batch Parse(string line)
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"^stats: batch (\d+): sum (\d+), total (\d+)");
            Assert.True(match.Success, line);
            return new Batch(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                decimal.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture),
                line.EndsWith("(v2)", StringComparison.Ordinal));
        }
    }
}
