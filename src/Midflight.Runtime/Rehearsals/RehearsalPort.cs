using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Midflight.Model;
using Midflight.Runtime.Bus;
using Midflight.Runtime.Loading;

namespace Midflight.Runtime.Rehearsals;

/// <summary>
/// The sandbox bus of a rehearsed instance (<see cref="IModulePort"/>): its reads take the recorded
/// messages, per interface in their order; its writes and prints are kept, not delivered; its delays
/// move a clock of its own. No message leaves it. The run ends, by the cancellation a deleted module
/// sees, when the module reads an interface whose recorded messages are used up or waits past the
/// recording's end.
/// </summary>
/// <remarks>
/// Reads and writes go through the same ports as on the node's bus, built on the live instance's
/// interfaces with the new version's adapters: the messages are taken and compared as the bus carries
/// them, and a write the bus would refuse is refused here. Calls come from the module's one thread (or
/// its async run, one step at a time); the lock is for the runner, which reads what the run did when
/// it gives up on a run that does not stop.
/// </remarks>
internal sealed class RehearsalPort : IModulePort, IQueueReader, IDisposable
{
    private readonly Lock _gate = new();
    private readonly ModuleSpec _spec;
    private readonly FrozenDictionary<string, InterfacePort> _ports;
    private readonly Dictionary<string, Queue<RecordedMessage>> _feed;
    private readonly Dictionary<string, int> _repliesOwed;
    private readonly Dictionary<string, Queue<bool>> _polls;
    private readonly TimeSpan? _length;
    private readonly RehearsalClock _clock;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stopped; // read once: the source is disposed while a thread given up on may still call
    private readonly List<(ModuleOutput Output, int Taken)> _outputs = [];
    private readonly Action? _onThread;
    private bool _inOnThread; // the module's thread only: a mapper that prints inside it does not run it again

    public RehearsalPort(string instance, ModuleSpec spec, ModuleCode code, Recording recording, ILogger logger, Action? onThread = null)
    {
        InstanceName = instance;
        _onThread = onThread;
        _stopped = _stopping.Token;
        _spec = spec;
        Logger = logger;
        var idle = new Doorbell(new ActivityTracker()); // nothing rings it: the recorded messages are all there
        _ports = spec.Interfaces
            .Select(i => new InterfacePort(new Endpoint(instance, i.Name), i, idle, code.Adapters, int.MaxValue, this, null))
            .ToFrozenDictionary(p => p.Spec.Name, StringComparer.Ordinal);
        _feed = recording.Received.GroupBy(m => m.Interface, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<RecordedMessage>(g), StringComparer.Ordinal);
        _repliesOwed = new Dictionary<string, int>(recording.RepliesOwed, StringComparer.Ordinal);
        _polls = recording.Polls.ToDictionary(p => p.Key, p => new Queue<bool>(p.Value), StringComparer.Ordinal);
        _length = recording.Length;
        _clock = new RehearsalClock(recording.Started ?? DateTimeOffset.UnixEpoch);
        Messages = recording.Received.Length;
    }

    public string InstanceName { get; }

    /// <summary>Nothing writes to a rehearsal's queues: no writer asks why it is held.</summary>
    ModuleStatus IQueueReader.Status => ModuleStatus.Running;

    public TimeProvider Time => _clock;

    public ILogger Logger { get; }

    public CancellationToken Stopping => _stopped;

    /// <summary>The messages the run was given.</summary>
    public int Messages { get; }

    /// <summary>How many it has taken.</summary>
    public int Taken { get; private set; }

    /// <summary>The message it took last, or null.</summary>
    public RecordedMessage? Last { get; private set; }

    /// <summary>Why the port ended the run, or null while it goes on.</summary>
    public string? Ended { get; private set; }

    /// <summary>The first write refused, as the bus would have refused it — whether or not the module caught the refusal.</summary>
    public string? Refused { get; private set; }

    /// <summary>Grows with every message taken and output made: the runner's sign that the run goes on.</summary>
    public long Progress
    {
        get
        {
            lock (_gate)
            {
                return Taken + _outputs.Count;
            }
        }
    }

    /// <summary>What the run wrote and printed so far, each with how many messages it had taken then.</summary>
    public IReadOnlyList<(ModuleOutput Output, int Taken)> Outputs
    {
        get
        {
            lock (_gate)
            {
                return [.. _outputs];
            }
        }
    }

    public Message Read(string interfaceName)
    {
        var port = InterfacePort.Find(_ports, _spec, InstanceName, interfaceName).Readable();
        OnThread();
        lock (_gate)
        {
            ThrowIfEnded();
            if (!_feed.TryGetValue(interfaceName, out var recorded) || !recorded.TryDequeue(out var next))
            {
                throw End($"it read '{interfaceName}' with no recorded message left on it");
            }
            _clock.AdvanceTo(next.At);
            Taken++;
            Last = next;
            if (port.Spec.Kind == InterfaceKind.Server)
            {
                _repliesOwed[interfaceName] = _repliesOwed.GetValueOrDefault(interfaceName) + 1;
            }
            return port.Inbound(next.Message);
        }
    }

    public ValueTask<Message> ReadAsync(string interfaceName, CancellationToken cancellationToken) => ValueTask.FromResult(Read(interfaceName));

    public bool HasMessages(string interfaceName)
    {
        InterfacePort.Find(_ports, _spec, InstanceName, interfaceName).Readable();
        lock (_gate)
        {
            ThrowIfEnded(); // a version that polls in a loop ends too
            // The live module's answer, as long as there is one: what was queued depended on when it asked.
            return _polls.TryGetValue(interfaceName, out var answers) && answers.TryDequeue(out var answer)
                ? answer
                : _feed.TryGetValue(interfaceName, out var recorded) && recorded.Count > 0;
        }
    }

    public void Write(string interfaceName, in Message message)
    {
        var port = InterfacePort.Find(_ports, _spec, InstanceName, interfaceName);
        lock (_gate)
        {
            ThrowIfEnded();
            Message sent;
            try
            {
                sent = port.Outbound(message);
                if (port.Spec.Kind == InterfaceKind.Server && !TakeRequest(interfaceName))
                {
                    throw port.NoRequestToAnswer();
                }
            }
            catch (MessageRefusedException refusal)
            {
                Refused ??= $"{refusal.Message}{After()}";
                throw;
            }
            Keep(ModuleOutput.Written(_clock.Elapsed, interfaceName, sent));
        }
    }

    public void Delay(TimeSpan delay)
    {
        OnThread();
        lock (_gate)
        {
            ThrowIfEnded();
            if (delay <= TimeSpan.Zero)
            {
                return;
            }
            if (_clock.Elapsed + delay > _length)
            {
                throw End($"its delay of {delay.TotalSeconds:0.###} s would end after the recording did ({_length.Value.TotalSeconds:0.###} s after its start)");
            }
            _clock.Advance(delay);
        }
    }

    public ValueTask DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Delay(delay);
        return ValueTask.CompletedTask;
    }

    public void Print(string text)
    {
        OnThread();
        lock (_gate)
        {
            ThrowIfEnded();
            Keep(ModuleOutput.Print(_clock.Elapsed, text));
        }
    }

    /// <summary>A rehearsal leaves the application and its stores untouched: nothing is committed.</summary>
    public bool CommitState() => false;

    /// <summary>Where a live module's thread would look at a pending procedure switch: its reads, delays and prints.</summary>
    private void OnThread()
    {
        if (_onThread is null || _inOnThread)
        {
            return;
        }
        _inOnThread = true;
        try
        {
            _onThread();
        }
        finally
        {
            _inOnThread = false;
        }
    }

    /// <summary>Ends the run from outside — it does not stop, or the rehearsal is cancelled — saying <paramref name="why"/>.</summary>
    public void Stop(string why)
    {
        lock (_gate)
        {
            _ = End(why);
        }
    }

    /// <summary>Where the run stood: after which message.</summary>
    public string After() => Last is { } last ? $" (after message {Taken} of {Messages}, {last.Message} on '{last.Interface}')" : " (before it took a message)";

    private bool TakeRequest(string interfaceName)
    {
        var owed = _repliesOwed.GetValueOrDefault(interfaceName);
        if (owed == 0)
        {
            return false;
        }
        _repliesOwed[interfaceName] = owed - 1;
        return true;
    }

    private void Keep(ModuleOutput output)
    {
        _outputs.Add((output, Taken));
        if (_outputs.Count >= RecordingTap.DefaultLimit)
        {
            _ = End($"it made {RecordingTap.DefaultLimit:N0} outputs, the most a rehearsal keeps");
        }
    }

    private void ThrowIfEnded()
    {
        if (Ended is not null)
        {
            throw new OperationCanceledException(_stopped);
        }
    }

    private OperationCanceledException End(string why)
    {
        if (Ended is null)
        {
            Ended = why;
            _stopping.Cancel();
        }
        return new OperationCanceledException(_stopped);
    }

    /// <summary>Once the run has ended, or been stopped (<see cref="Stop"/>): a thread still running then only sees the cancellation.</summary>
    public void Dispose() => _stopping.Dispose();
}
