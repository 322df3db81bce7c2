using System.Runtime.InteropServices;

namespace Midflight.Runtime.Bus;

/// <summary>
/// An integer alone on its cache line. A counter that writers change on every message must not
/// share a line with fields the reader reads on every message, or each write stalls the reader.
/// 128 bytes, with the value in the middle, also keeps it off the line the CPU prefetches in pairs.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedCounter
{
    [FieldOffset(64)]
    public int Value;
}
