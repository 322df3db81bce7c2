using System.Runtime.InteropServices;

namespace Midflight.Runtime.Telemetry;

/// <summary>
/// What one interface of one instance has sent, taken and had refused, for the meter. One object per
/// interface name, shared by every incarnation of the instance — a replace, an update, a backout — so
/// that its counts only grow, as a counter's must. Written by the module's own thread with plain
/// increments: the incarnations of an instance never run at once (the old one is stopped before its
/// successor starts), and a count read a moment old is a count, not a fault.
/// </summary>
internal sealed class PortCounts
{
    private Counts _counts;

    public long Sent => Volatile.Read(ref _counts.Sent);

    public long Taken => Volatile.Read(ref _counts.Taken);

    public long Refused => Volatile.Read(ref _counts.Refused);

    public void CountSent() => _counts.Sent++;

    public void CountTaken() => _counts.Taken++;

    public void CountRefused() => _counts.Refused++;

    /// <summary>
    /// The counts alone on their cache line: each module's thread writes its own ports' counts on every
    /// message, and must not stall another's that writes counts allocated next to these.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Counts
    {
        [FieldOffset(48)]
        public long Sent;

        [FieldOffset(56)]
        public long Taken;

        [FieldOffset(64)]
        public long Refused;
    }
}
