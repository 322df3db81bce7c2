using System.Collections.Immutable;

namespace Midflight.Runtime.Rehearsals;

/// <summary>
/// Records what one live instance takes, writes and prints, on its own thread, from a moment it is
/// captured until a quiet moment after the recording's length: the input and the expected outputs
/// of a rehearsal.
/// </summary>
/// <remarks>
/// The recording must end where the module stands between messages: a message recorded without the
/// outputs it caused would make every rehearsal diverge at the end. So <see cref="End"/> only asks
/// for an end, and the recording is sealed at the module's next quiet moment — when it blocks in a
/// read or a delay (<see cref="Waiting"/>), or takes another message, which is then not recorded.
/// A module already blocked is sealed by <see cref="End"/> itself: its host says so under this
/// tap's lock, and a module that wakes meanwhile sets itself running before it takes (the host's
/// status is volatile), so either the seal or the take comes first, never half of each.
/// Every event is under the lock: the recorder reads the lists once sealed, from another thread.
/// </remarks>
internal sealed class RecordingTap(TimeProvider time, int limit)
{
    /// <summary>The most events — messages taken, outputs, polls — a recording holds (about 100 MB of small messages): it stops there, and says so.</summary>
    public const int DefaultLimit = 1_000_000;

    private readonly Lock _gate = new();
    private readonly long _start = time.GetTimestamp();
    private readonly List<RecordedMessage> _received = [];
    private readonly List<ModuleOutput> _outputs = [];
    private readonly Dictionary<string, List<bool>> _polls = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _sealed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _events;
    private bool _ending;
    private bool _isSealed;
    private TimeSpan _length;

    public DateTimeOffset Started { get; } = time.GetUtcNow();

    /// <summary>Completes when the recording is sealed: nothing more is recorded.</summary>
    public Task Sealed => _sealed.Task;

    /// <summary>Why it was sealed otherwise than at a quiet moment after its length, or null.</summary>
    public string? Ending { get; private set; }

    /// <summary>The module takes a message: recorded, unless the recording is ending, which it then seals before the message.</summary>
    public void Took(string interfaceName, in Message message)
    {
        lock (_gate)
        {
            if (_ending)
            {
                SealLocked(null);
            }
            if (!_isSealed)
            {
                _received.Add(new RecordedMessage(Elapsed, interfaceName, message));
                Count();
            }
        }
    }

    public void Wrote(string interfaceName, in Message message)
    {
        lock (_gate)
        {
            if (!_isSealed)
            {
                _outputs.Add(ModuleOutput.Written(Elapsed, interfaceName, message));
                Count();
            }
        }
    }

    public void Printed(string text)
    {
        lock (_gate)
        {
            if (!_isSealed)
            {
                _outputs.Add(ModuleOutput.Print(Elapsed, text));
                Count();
            }
        }
    }

    /// <summary>The module asked whether a message waits on an interface, and was told <paramref name="answer"/>.</summary>
    public void Polled(string interfaceName, bool answer)
    {
        lock (_gate)
        {
            if (!_isSealed)
            {
                if (!_polls.TryGetValue(interfaceName, out var answers))
                {
                    _polls[interfaceName] = answers = [];
                }
                answers.Add(answer);
                Count();
            }
        }
    }

    /// <summary>The module is about to block in a read or a delay: a quiet moment, where an ending recording is sealed.</summary>
    public void Waiting()
    {
        lock (_gate)
        {
            if (_ending)
            {
                SealLocked(null);
            }
        }
    }

    /// <summary>Asks the recording to end at the module's next quiet moment, at once if <paramref name="blocked"/> says it is in one.</summary>
    public void End(Func<bool> blocked)
    {
        lock (_gate)
        {
            _ending = true;
            if (blocked())
            {
                SealLocked(null);
            }
        }
    }

    /// <summary>Seals the recording now, wherever the module stands, saying <paramref name="why"/>.</summary>
    public void Cut(string why)
    {
        lock (_gate)
        {
            SealLocked(why);
        }
    }

    public Recording ToRecording(string instance, string module, State.Snapshot snapshot, IReadOnlyDictionary<string, int> repliesOwed)
    {
        lock (_gate)
        {
            System.Diagnostics.Debug.Assert(_isSealed, "a recording is read once sealed");
            return new Recording(instance, [.. _received])
            {
                Module = module,
                Started = Started,
                Length = _length,
                Outputs = [.. _outputs],
                Polls = _polls.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal),
                Snapshot = snapshot,
                RepliesOwed = repliesOwed.Where(o => o.Value > 0).ToImmutableDictionary(),
                Ending = Ending,
            };
        }
    }

    private TimeSpan Elapsed => time.GetElapsedTime(_start);

    private void Count()
    {
        if (++_events >= limit)
        {
            SealLocked($"it stopped at {limit:N0} messages, outputs and polls, the most a recording holds");
        }
    }

    private void SealLocked(string? why)
    {
        if (_isSealed)
        {
            return;
        }
        _isSealed = true;
        _length = Elapsed;
        Ending = why;
        _sealed.TrySetResult();
    }
}
