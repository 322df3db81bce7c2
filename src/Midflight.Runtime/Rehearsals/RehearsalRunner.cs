namespace Midflight.Runtime.Rehearsals;

/// <summary>
/// Runs a rehearsed instance — its state restored, on its sandbox port — to the end of its messages,
/// and compares what it wrote and printed with what the live module did.
/// </summary>
internal static class RehearsalRunner
{
    /// <summary>
    /// Runs <paramref name="module"/> as the node would (its own thread, or the pool for an async module)
    /// until its port ends it, it returns or throws, or it goes <paramref name="stall"/> on
    /// <paramref name="time"/> without taking a message or making an output: a version that loops is
    /// given up on, its thread left to the port's cancellation, and said to be so.
    /// </summary>
    public static async Task<RehearsalRun> RunAsync(ModuleBase module, RehearsalPort port, Recording recording, TimeProvider time, TimeSpan stall, CancellationToken cancellationToken)
    {
        var ran = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Hosting.ModuleRun.Start(module, $"midflight rehearsal {port.InstanceName}", run => Report(ran, run), port.Stopping);
        Exception? thrown = null;
        string? fault = null;
        for (var progress = -1L; ;)
        {
            try
            {
                thrown = await ran.Task.WaitAsync(stall, time, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (TimeoutException) when (port.Progress != progress)
            {
                progress = port.Progress;
            }
            catch (TimeoutException)
            {
                fault = $"it ran for {stall.TotalSeconds:0.###} s without taking a message or making an output{port.After()}: it may loop, and its thread, which cannot be stopped, goes on in the node until it calls the bus";
                port.Stop("it made no progress");
                break;
            }
            catch (OperationCanceledException)
            {
                port.Stop("the rehearsal was cancelled");
                throw;
            }
        }
        var ended = port.Ended ?? (thrown is null ? "its run returned" : "its run threw");
        if (thrown is not null && !(thrown is OperationCanceledException && port.Ended is not null))
        {
            fault ??= $"{thrown.GetType().Name}: {thrown.Message}{Where(thrown)}{port.After()}";
        }
        fault ??= port.Refused;
        var outputs = port.Outputs;
        return new RehearsalRun(port.Messages, port.Taken, outputs.Count, recording.Outputs.IsDefault ? null : recording.Outputs.Length, ended, fault,
            recording.Outputs.IsDefault ? null : FirstDivergence(recording.Outputs, outputs, port.Taken, complete: fault is null));
    }

    private static async Task Report(TaskCompletionSource<Exception?> ran, Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
            ran.TrySetResult(null);
        }
#pragma warning disable CA1031 // The rehearsed version's failure is what the rehearsal reports.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ran.TrySetResult(exception);
        }
    }

    /// <summary>The innermost frame the exception was thrown from, as its stack trace names it.</summary>
    private static string Where(Exception exception) =>
        exception.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } frame ? $", {frame}" : "";

    /// <summary>
    /// The first output, in order, at which the rehearsal's differ from the live ones, or null if none
    /// does. A run cut short by a fault is <paramref name="complete"/> only as far as it got: the live
    /// outputs after its last are not missing, they are the fault's, which is reported as such.
    /// </summary>
    public static Divergence? FirstDivergence(IReadOnlyList<ModuleOutput> live, IReadOnlyList<(ModuleOutput Output, int Taken)> rehearsed, int taken, bool complete)
    {
        for (var i = 0; i < (complete ? Math.Max(live.Count, rehearsed.Count) : rehearsed.Count); i++)
        {
            var expected = i < live.Count ? live[i] : null;
            var made = i < rehearsed.Count ? rehearsed[i].Output : null;
            if (expected is null || made is null || !expected.SameAs(made))
            {
                return new Divergence(i + 1, made is null ? taken : rehearsed[i].Taken, expected?.ToString(), made?.ToString());
            }
        }
        return null;
    }
}
