namespace Midflight.Runtime.Rehearsals;

/// <summary>
/// The time a rehearsed module sees: the live clock at the recording's start, moved on by the
/// module's own delays and to the moment each recorded message was taken. So a rehearsal runs as fast
/// as the machine can, and a module that reads the time reads what the live one would have.
/// </summary>
/// <remarks>Timers the module creates itself, rather than waiting through its delays, run on real time.</remarks>
internal sealed class RehearsalClock(DateTimeOffset start) : TimeProvider
{
    private long _elapsedTicks; // written by the module's thread, read by any

    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _elapsedTicks));

    public override DateTimeOffset GetUtcNow() => start + Elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Volatile.Read(ref _elapsedTicks);

    public void Advance(TimeSpan by) => Volatile.Write(ref _elapsedTicks, _elapsedTicks + by.Ticks);

    /// <summary>Moves the clock to <paramref name="at"/> after the start, if it is not past it already.</summary>
    public void AdvanceTo(TimeSpan at) => Volatile.Write(ref _elapsedTicks, Math.Max(_elapsedTicks, at.Ticks));
}
