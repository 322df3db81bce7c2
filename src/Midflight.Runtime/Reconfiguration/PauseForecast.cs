using System.Collections.Concurrent;
using System.Globalization;

namespace Midflight.Runtime;

/// <summary>
/// Predicts, before anything stops, how long a reconfiguration will hold its instances still — for a
/// change given a pause budget (<see cref="Reconfiguration.PauseBudget"/>), which is refused if the
/// prediction is over it. The pause grows with what moves inside it: the frames and heap objects of
/// each state captured (as large as when the instance was last captured), the messages of the queues
/// copied, and the instances held. The cost of each starts from the replace-pause benchmark's figures
/// and follows this node's own: every committed pause, budgeted or not, scales the model towards what
/// was measured — up at once, down slowly.
/// </summary>
internal sealed class PauseForecast
{
    // From bench/ReplacePause (docs/performance.md): a replace of 2 frames and no state takes about a
    // millisecond, 100 frames add about half of one, and a heap object costs about as a frame slot does.
    private static readonly TimeSpan PerHeld = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan PerFrame = TimeSpan.FromMicroseconds(5);
    private static readonly TimeSpan PerObject = TimeSpan.FromMicroseconds(1);
    private static readonly TimeSpan PerMessage = TimeSpan.FromMicroseconds(1);

    private readonly ConcurrentDictionary<string, StateSize> _byInstance = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StateSize> _byModule = new(StringComparer.Ordinal);
    private double _scale = 1; // what this node's pauses measure against the model's figures

    /// <summary>The size of a state when it was captured: what its next capture is expected to move.</summary>
    public readonly record struct StateSize(int Frames, int Objects);

    /// <summary>What a reconfiguration will hold still: each instance, whether its state moves, and the messages queued to copy.</summary>
    public readonly record struct Held(string Instance, string Module, bool StateMoves);

    /// <summary>A prediction: the pause, the model's figure before this node's scale, and what it rests on.</summary>
    public sealed record Forecast(TimeSpan Pause, TimeSpan Modelled, string Basis);

    /// <summary>Remembers the size of a state just captured from <paramref name="instance"/> of <paramref name="module"/>.</summary>
    public void Captured(string instance, string module, StateSize size)
    {
        _byInstance[instance] = size;
        _byModule[module] = size;
    }

    /// <summary>Learns from a committed pause how far off its forecast was.</summary>
    public void Measured(Forecast forecast, TimeSpan paused)
    {
        if (forecast.Modelled <= TimeSpan.Zero || paused <= TimeSpan.Zero)
        {
            return;
        }
        var measured = paused / forecast.Modelled;
        var scale = Volatile.Read(ref _scale);
        // Up at once, down slowly: a budget must not be promised on the strength of a few quick pauses.
        Volatile.Write(ref _scale, Math.Clamp(measured > scale ? measured : (0.75 * scale) + (0.25 * measured), 0.1, 20));
    }

    /// <summary>The pause of holding some instances and copying some queued messages.</summary>
    /// <param name="held">The instances held, and whether the state of each moves.</param>
    /// <param name="queued">The messages of the queues copied.</param>
    /// <param name="unknown">When there is no forecast: the instance whose state moves and whose size is not known yet (neither it nor another of its module was ever captured).</param>
    public Forecast? Predict(IReadOnlyCollection<Held> held, int queued, out string? unknown)
    {
        var pause = PerHeld * held.Count + PerMessage * queued;
        var basis = new List<string>();
        foreach (var instance in held.Where(h => h.StateMoves))
        {
            if (!_byInstance.TryGetValue(instance.Instance, out var size) && !_byModule.TryGetValue(instance.Module, out size))
            {
                unknown = instance.Instance;
                return null;
            }
            pause += PerFrame * size.Frames + PerObject * size.Objects;
            basis.Add($"'{instance.Instance}': {size.Frames} frames and {size.Objects} objects when last captured");
        }
        basis.Add($"{held.Count} instance{(held.Count == 1 ? "" : "s")} held");
        basis.Add($"{queued} queued message{(queued == 1 ? "" : "s")} to copy");
        unknown = null;
        return new Forecast(pause * Volatile.Read(ref _scale), pause, string.Join("; ", basis));
    }

    public static string Milliseconds(TimeSpan duration) => duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
