using System.Diagnostics;
using System.Threading.Channels;

namespace Midflight.Cli.Tests;

/// <summary>
/// A <c>midflight</c> process — a node, as users and service managers start and stop it — with its
/// output read as it comes. Disposing it kills it if it still runs: a test leaves no process behind.
/// </summary>
internal sealed class MidflightProcess : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _output = [];

    private MidflightProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts <c>midflight run …</c> and returns once it says it runs.</summary>
    public static Task<MidflightProcess> StartAsync(params string[] arguments) =>
        StartAsync(arguments, new Dictionary<string, string>(), line => line.StartsWith("Running", StringComparison.Ordinal));

    /// <summary>Starts <c>midflight</c> with <paramref name="arguments"/> and <paramref name="environment"/>, and returns once it prints a line that says it is <paramref name="ready"/>.</summary>
    public static async Task<MidflightProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, Func<string, bool> ready)
    {
        var process = Start(arguments, environment);
        try
        {
            await process.PrintedAsync(ready);
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Starts <c>midflight</c> without waiting for anything it prints.</summary>
    public static MidflightProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "midflight.dll"), .. arguments], environment);

    /// <summary>Starts <paramref name="fileName"/> (an installed <c>midflight</c>, or <c>dotnet</c>) in <paramref name="workingDirectory"/>, without waiting for anything it prints.</summary>
    public static MidflightProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var node = new MidflightProcess(Process.Start(start)!);
        node._process.OutputDataReceived += (_, e) => node.Received(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Received(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Runs a command to its end, within <paramref name="patience"/>: its exit code and all it printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan patience)
    {
        using var command = Start(fileName, arguments, environment, workingDirectory);
        return await command.ExitAsync(patience);
    }

    /// <summary>Returns once the process prints a line that <paramref name="matches"/>, within the test's patience.</summary>
    public async Task PrintedAsync(Func<string, bool> matches)
    {
        using var patience = new CancellationTokenSource(Patience);
        await foreach (var line in _lines.Reader.ReadAllAsync(patience.Token))
        {
            if (matches(line))
            {
                return;
            }
        }
        throw new InvalidOperationException("the process ended before it printed the line awaited:\n" + Output);
    }

    /// <summary>Everything it printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>The lines it printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
        _lines.Writer.TryWrite(line);
    }

    /// <summary>SIGKILL: the process ends at once, with no say in it.</summary>
    public void Kill() => _process.Kill();

    public async Task<(int Exit, string Output)> ExitAsync(TimeSpan patience)
    {
        using var limit = new CancellationTokenSource(patience);
        await _process.WaitForExitAsync(limit.Token);
        // The output read to its end: the last lines are in.
        await _process.WaitForExitAsync(CancellationToken.None);
        return (_process.ExitCode, Output);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
