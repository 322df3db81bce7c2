using System.Diagnostics;
using System.Globalization;
using Midflight.Model;
using Midflight.Runtime;

namespace Midflight.Benchmarks;

/// <summary>
/// The pause of changing a running module's code with its state, side by side with Erlang/OTP's in the
/// same run: a Midflight update of a module holding a map of N integers (its state carried into the
/// new version, every entry), and an OTP code change of a gen_server holding a map of N integers
/// (<c>sys:suspend</c>, <c>sys:change_code</c>, <c>sys:resume</c>) whose <c>code_change/3</c> keeps
/// the state, or visits every entry as a change of shape does. Erlang's side runs where <c>erl</c> and
/// <c>erlc</c> are installed (Debian's <c>erlang-nox</c>), and is skipped, saying so, where they are not.
/// </summary>
internal static class ErlangComparison
{
    public const string Command = "erlang";

    private static readonly int[] Entries = [10_000, 100_000];

    // dotnet run -c Release --project bench/Midflight.Benchmarks -- erlang [--changes K]
    public static async Task<int> RunAsync(string[] args)
    {
        var changes = Switches.Parse(args, "--changes").Count("--changes", 50);
        var erlang = ErlangTools();
        Console.WriteLine($"{changes} changes per case; the first of each is left out (code loaded for the first time, on both sides)");
        Console.WriteLine();
        Console.WriteLine("| entries | Midflight update, median (p99) | Erlang code_change keeping the state, median (p99) | Erlang code_change visiting every entry, median (p99) |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var entries in Entries)
        {
            var ours = await MidflightPausesAsync(entries, changes);
            var keep = erlang is { } tools ? Summary(await ErlangPausesAsync(tools, entries, changes, "keep")) : "skipped";
            var visit = erlang is { } again ? Summary(await ErlangPausesAsync(again, entries, changes, "visit")) : "skipped";
            Console.WriteLine($"| {entries:N0} | {Summary(ours)} | {keep} | {visit} |");
        }
        if (erlang is null)
        {
            Console.WriteLine();
            Console.WriteLine("Erlang: skipped: erl and erlc are not on the PATH (Debian: apt-get install erlang-nox)");
        }
        return 0;
    }

    /// <summary>The median and p99, the first change (code loaded for the first time) left out.</summary>
    private static string Summary(IReadOnlyList<double> milliseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{Quantile.Of(milliseconds.Skip(1), 0.5):0.###} ms ({Quantile.Of(milliseconds.Skip(1), 0.99):0.###} ms)");

    /// <summary>Updates the keeper from one version to the other and back, <paramref name="changes"/> times: each update's pause.</summary>
    private static async Task<IReadOnlyList<double>> MidflightPausesAsync(int entries, int changes)
    {
        var folder = Directory.CreateTempSubdirectory("midflight-erlang-").FullName;
        var versions = new[] { Path.Combine(folder, "v1", "Keeper.dll"), Path.Combine(folder, "v2", "Keeper.dll") };
        var configuration = ConfigurationParser.Parse($$"""
            module keeper { source = "{{versions[0]}}#Workloads.Keeper" :: use interface in pattern = {integer} :: reconfiguration point = {R} :: }
            module bench { instance keeper }
            """, "bench.mil").Configuration!;
        for (var v = 0; v < versions.Length; v++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(versions[v])!);
            PreparedModules.Build(versions[v], configuration.Modules, PreparedModules.Keeper(entries, v + 1));
        }
        // No health window: the next update follows at once, as the next code change does in Erlang.
        await using var node = await Node.StartAsync(configuration, new NodeOptions { HealthWindow = TimeSpan.Zero });
        await node.WhenIdleAsync();
        var pauses = new List<double>();
        for (var i = 1; i <= changes; i++)
        {
            var result = await node.UpdateAsync("keeper", new ModuleSource(versions[i % 2], "Workloads.Keeper"));
            pauses.Add(result.Paused.TotalMilliseconds);
            await node.WhenIdleAsync();
        }
        return pauses;
    }

    private sealed record Tools(string Erl, string Folder);

    /// <summary>Erlang's tools and the benchmark's modules compiled with them; null where Erlang is not installed.</summary>
    private static Tools? ErlangTools()
    {
        if (OnPath("erl") is not { } erl || OnPath("erlc") is not { } erlc)
        {
            return null;
        }
        var folder = Directory.CreateTempSubdirectory("midflight-erlang-beam-").FullName;
        var sources = Path.Combine(AppContext.BaseDirectory, "Erlang");
        using var compile = Process.Start(new ProcessStartInfo(erlc, ["-o", folder, Path.Combine(sources, "keeper.erl"), Path.Combine(sources, "pause_bench.erl")])
        {
            RedirectStandardError = true,
        })!;
        compile.WaitForExit();
        return compile.ExitCode == 0 ? new Tools(erl, folder) : throw new InvalidOperationException($"erlc failed: {compile.StandardError.ReadToEnd()}");
    }

    private static async Task<IReadOnlyList<double>> ErlangPausesAsync(Tools tools, int entries, int changes, string extra)
    {
        using var run = Process.Start(new ProcessStartInfo(tools.Erl,
            ["-noshell", "-pa", tools.Folder, "-run", "pause_bench", "run", entries.ToString(CultureInfo.InvariantCulture), changes.ToString(CultureInfo.InvariantCulture), extra, "-s", "init", "stop"])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await run.StandardOutput.ReadToEndAsync();
        await run.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("pauses_us ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"erl printed no pauses: {output}");
        return [.. line["pauses_us ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(us => double.Parse(us, CultureInfo.InvariantCulture) / 1000)];
    }

    private static string? OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
