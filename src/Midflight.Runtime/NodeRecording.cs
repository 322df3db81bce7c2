using Microsoft.Extensions.Logging;
using Midflight.Runtime.Hosting;
using Midflight.Runtime.Rehearsals;

namespace Midflight.Runtime;

/// <summary>A node's recordings of what a live instance receives and writes, for rehearsals.</summary>
public sealed partial class Node
{
    /// <summary>
    /// Records <paramref name="instance"/> for <paramref name="length"/>: its snapshot at its next
    /// point (it goes on, as after <see cref="CaptureStateAsync"/>), then every message it takes, writes
    /// and prints, until its first quiet moment after <paramref name="length"/> — so that the messages
    /// recorded are exactly those that brought it from that state to its outputs. A rehearsal runs a
    /// new version on them (<see cref="RehearseAsync"/>) and compares.
    /// </summary>
    /// <exception cref="ReconfigurationException">There is no such instance here, it is not prepared, it reached no point in time, or it was reconfigured while it was recorded.</exception>
    public async Task<Recording> RecordMessagesAsync(string instance, TimeSpan length, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        var (host, snapshot, owed, tap) = await LookAtPointAsync(instance, (host, snapshot) =>
        {
            var tap = new RecordingTap(_services.Time, RecordingTap.DefaultLimit);
            host.BeginRecording(tap);
            return (host, snapshot, RepliesOwed(host), tap);
        }, cancellationToken).ConfigureAwait(false);
        LogRecording(instance, length.TotalSeconds);
        try
        {
            // Ended early when the instance is: its run over, or deleted by a reconfiguration.
            using var lasting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var lasted = Task.Delay(length, _services.Time, lasting.Token);
            if (await Task.WhenAny(lasted, tap.Sealed).ConfigureAwait(false) == lasted)
            {
                await lasted.ConfigureAwait(false); // throws if the caller cancelled
                host.EndRecording(tap);
                await tap.Sealed.WaitAsync(_options.QuiesceTimeout, _services.Time, cancellationToken).ConfigureAwait(false);
            }
            await lasting.CancelAsync().ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            tap.Cut($"it was cut while the module ran, {_options.QuiesceTimeout.TotalSeconds:0.###} s after its length, without a quiet moment: the outputs of its last messages may be missing");
        }
        catch (OperationCanceledException)
        {
            tap.Cut("cancelled");
            throw;
        }
        finally
        {
            host.ForgetRecording(tap);
        }
        if (_application.State.Hosts.GetValueOrDefault(instance) != host)
        {
            throw new ReconfigurationException($"'{instance}' was reconfigured while it was recorded, so its recording would mix two incarnations: record it again");
        }
        var recording = tap.ToRecording(instance, host.Spec.Name, snapshot, owed);
        LogRecorded(instance, recording.Received.Length, recording.Outputs.Length, recording.Length!.Value.TotalSeconds);
        return recording;
    }

    /// <summary>Per server interface, the requests a captured instance has read and not yet answered.</summary>
    private static Dictionary<string, int> RepliesOwed(ModuleHost host) =>
        host.Ports.Where(p => p.RepliesOwedCount > 0).ToDictionary(p => p.Spec.Name, p => p.RepliesOwedCount, StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {Instance} for {Seconds} s, for a rehearsal")]
    private partial void LogRecording(string instance, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Instance}: {Received} messages taken, {Outputs} outputs, in {Seconds} s")]
    private partial void LogRecorded(string instance, int received, int outputs, double seconds);
}
